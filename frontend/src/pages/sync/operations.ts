import { graphql } from '../../gql';

export const SyncRunFields = graphql(`
  fragment SyncRunFields on SyncRun {
    id
    kind
    status
    trigger
    dryRun
    phase
    total
    done
    error
    createdAt
    startedAt
    finishedAt
    createdBy
    counters {
      created
      updated
      moved
      unchanged
      removed
      outOfScope
      failed
    }
    attempts {
      number
      worker
      startedAt
      endedAt
      outcome
      error
      counters {
        created
        updated
        moved
        unchanged
        removed
        outOfScope
        failed
      }
    }
    errors {
      item
      kind
      externalID
      message
      code
    }
    corp {
      id
      name
    }
  }
`);

export const SyncRunsQuery = graphql(`
  query SyncRuns($first: Int, $after: Cursor, $where: SyncRunWhereInput) {
    syncRuns(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...SyncRunFields
        }
      }
    }
  }
`);

export const SyncRunProgressSubscription = graphql(`
  subscription SyncRunProgress($id: ID!) {
    syncRunProgress(id: $id) {
      ...SyncRunFields
    }
  }
`);
