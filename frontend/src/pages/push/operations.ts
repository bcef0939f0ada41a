import { graphql } from '../../gql';

export const PushRulesQuery = graphql(`
  query PushRules($first: Int, $after: Cursor, $where: PushRuleWhereInput) {
    pushRules(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          source
          enabled
          includePartTime
          description
          targets {
            id
            appID
            messageType
            quickApproval
            titleTemplate
            bodyTemplate
            app {
              id
              name
              corp {
                id
                name
              }
            }
          }
        }
      }
    }
  }
`);

export const PushAppsQuery = graphql(`
  query PushApps {
    apps(first: 200, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          corp {
            id
            name
            platform
          }
        }
      }
    }
  }
`);

export const PushPreviewQuery = graphql(`
  query PushPreview($titleTemplate: String, $bodyTemplate: String) {
    previewPushTemplate(titleTemplate: $titleTemplate, bodyTemplate: $bodyTemplate) {
      title
      body
    }
  }
`);

export const SendPushTestMutation = graphql(`
  mutation SendPushTest($targetID: ID!) {
    sendPushTest(targetID: $targetID) {
      platformMessageID
      title
    }
  }
`);

export const CreatePushRuleMutation = graphql(`
  mutation CreatePushRule($input: CreatePushRuleInput!) {
    createPushRule(input: $input) {
      id
    }
  }
`);

export const UpdatePushRuleMutation = graphql(`
  mutation UpdatePushRule($id: ID!, $input: UpdatePushRuleInput!) {
    updatePushRule(id: $id, input: $input) {
      id
    }
  }
`);

export const DeletePushRuleMutation = graphql(`
  mutation DeletePushRule($id: ID!) {
    deletePushRule(id: $id) {
      deletedID
    }
  }
`);

export const MessagesQuery = graphql(`
  query PushMessages($first: Int, $after: Cursor, $where: MessageWhereInput) {
    messages(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          createdAt
          idempotencyKey
          source
          title
          status
          statusReason
          todoKey
          todoState
          total
          sent
          skipped
          failed
          createdBy
        }
      }
    }
  }
`);

export const DeliveriesQuery = graphql(`
  query PushDeliveries($messageID: ID!, $first: Int) {
    deliveries(first: $first, where: { messageID: $messageID }, orderBy: [{ field: STATUS, direction: ASC }]) {
      totalCount
      edges {
        node {
          id
          appID
          recipient
          messageType
          status
          reason
          errorCode
          platformMessageID
          attempts
          cardState
          approvalTaskState
          action
          sentAt
        }
      }
    }
  }
`);

export const RecallMessageMutation = graphql(`
  mutation RecallMessage($id: ID!) {
    recallMessage(id: $id) {
      id
      status
    }
  }
`);

export const ReplayDeadDeliveriesMutation = graphql(`
  mutation ReplayDeadDeliveries($id: ID!) {
    replayDeadDeliveries(messageID: $id) {
      count
    }
  }
`);

export const ReplayDeliveryMutation = graphql(`
  mutation ReplayDelivery($id: ID!) {
    replayDelivery(id: $id) {
      id
      status
    }
  }
`);

export const ApprovalInstancesQuery = graphql(`
  query PushApprovalInstances($id: ID!) {
    messages(first: 1, where: { id: $id }) {
      edges {
        node {
          id
          approvalInstances {
            appID
            instanceID
            state
            updateTime
            syncPending
            checkedAt
            repairs
            lastError
          }
        }
      }
    }
  }
`);

export const PushStatsQuery = graphql(`
  query PushStats($days: Int) {
    pushStats(days: $days) {
      days {
        day
        sent
        skipped
        failed
        pending
      }
      sources {
        source
        sent
        skipped
        failed
        pending
      }
    }
  }
`);
