import { graphql } from '../../gql';

// The sync engine's operations (graph/sync.graphql): plans, approvals, undo,
// changes, the review queue, and the full profile.

export const PlanFields = graphql(`
  fragment PlanFields on SyncRun {
    ...SyncRunFields
    id
    kind
    status
    dryRun
    purpose
    undoOfID
    appliesRunID
    approvedBy
    approvedAt
    error
    createdAt
    finishedAt
    corp {
      id
      name
    }
    plan {
      changes {
        kind
        count
      }
      review {
        kind
        count
      }
      departmentsBound
      departmentsMatched
      departmentsNew
      departmentsDeleted
      usersBound
      usersMatched
      usersCreated
      usersAmbiguous
      usersUnmatched
      usersOffboarded
      usersLeftScope
      sourceUsers
      targetUsers
      irreversible
      brake {
        tripped
        reason
        disable
        delete
        leftScope
        targetUsers
        sourceUsers
        previousSourceUsers
        decrease
      }
      changedSince {
        added
        removed
      }
      tree {
        key
        parentKey
        name
        source
        depth
        status
        bound
      }
    }
  }
`);

export const SyncRunPlanQuery = graphql(`
  query SyncRunPlan($id: ID!) {
    node(id: $id) {
      __typename
      ... on SyncRun {
        ...PlanFields
      }
    }
  }
`);

export const LatestSyncRunsQuery = graphql(`
  query LatestSyncRuns($where: SyncRunWhereInput, $first: Int) {
    syncRuns(first: $first, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          ...PlanFields
        }
      }
    }
  }
`);

export const SyncChangesQuery = graphql(`
  query SyncChanges($runID: ID!, $first: Int, $after: Cursor, $where: SyncChangeWhereInput) {
    syncChanges(runID: $runID, first: $first, after: $after, where: $where, orderBy: [{ field: ORDINAL, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          ordinal
          action
          targetKind
          source
          target
          resultTarget
          name
          diff {
            field
            before
            after
          }
          reasonCode
          reason
          method
          status
          code
          message
          appliedAt
        }
      }
    }
  }
`);

export const PreviewSyncMutation = graphql(`
  mutation PreviewSync($input: StartSyncInput!) {
    previewSync(input: $input) {
      ...SyncRunFields
    }
  }
`);

export const StartSyncMutation = graphql(`
  mutation StartSync($input: StartSyncInput!) {
    startSync(input: $input) {
      ...SyncRunFields
    }
  }
`);

export const ApplySyncPlanMutation = graphql(`
  mutation ApplySyncPlan($runID: ID!) {
    applySyncPlan(runID: $runID) {
      ...SyncRunFields
    }
  }
`);

export const ApproveSyncRunMutation = graphql(`
  mutation ApproveSyncRun($id: ID!) {
    approveSyncRun(id: $id) {
      id
      status
    }
  }
`);

export const RejectSyncRunMutation = graphql(`
  mutation RejectSyncRun($id: ID!, $reason: String) {
    rejectSyncRun(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const UndoSyncRunMutation = graphql(`
  mutation UndoSyncRun($input: UndoSyncRunInput!) {
    undoSyncRun(input: $input) {
      ...SyncRunFields
    }
  }
`);

export const PendingSyncApprovalsQuery = graphql(`
  query PendingSyncApprovals {
    pendingSyncApprovals
  }
`);

export const ReviewItemsQuery = graphql(`
  query ReviewItems($first: Int, $after: Cursor, $where: ReviewItemWhereInput) {
    reviewItems(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          source
          target
          name
          matchField
          value
          candidates
          text
          status
          resolution
          resolvedBy
          resolvedAt
          createdAt
          corpID
          run {
            id
            kind
          }
        }
      }
    }
  }
`);

export const ResolveReviewItemMutation = graphql(`
  mutation ResolveReviewItem($input: ResolveReviewItemInput!) {
    resolveReviewItem(input: $input) {
      id
      status
      resolution
    }
  }
`);

export const FullSyncProfileQuery = graphql(`
  query FullSyncProfile($corpID: ID!) {
    syncProfiles(first: 1, where: { corpID: $corpID }) {
      edges {
        node {
          id
          mode
          permission
          topDepartmentID
          schedule
          createUsers
          userIDField
          includePartTime
          offboarding
          deleteAfterDays
          moveDisabled
          disabledDepartmentName
          autoBindField
          scopeDepartments
          scopeUsersInclude
          scopeUsersExclude
          thresholdCount
          thresholdPercent
          oaToImSchedule
          imToOaSchedule
          syncOnOaImport
          resourceAcceptor
          resourceAcceptorUserID
          app {
            id
            name
          }
          fieldMapping {
            from
            to
            direction
          }
        }
      }
    }
  }
`);

export const SaveSyncProfileMutation = graphql(`
  mutation SaveSyncProfile($id: ID!, $input: UpdateSyncProfileInput!) {
    updateSyncProfile(id: $id, input: $input) {
      id
    }
  }
`);

export const SetSyncFieldMappingMutation = graphql(`
  mutation SetSyncFieldMapping($profileID: ID!, $mapping: [FieldMapInput!]!) {
    setSyncFieldMapping(profileID: $profileID, mapping: $mapping) {
      id
      fieldMapping {
        from
        to
        direction
      }
    }
  }
`);
