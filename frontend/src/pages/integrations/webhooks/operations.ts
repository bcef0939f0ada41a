import { graphql } from '../../../gql';

export const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints($first: Int, $after: Cursor, $where: WebhookEndpointWhereInput) {
    webhookEndpoints(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          url
          description
          enabled
          eventTypes
          secretHint
          previousSecretExpiresAt
          createdAt
          dead: deliveries(first: 0, where: { status: dead }) {
            totalCount
          }
        }
      }
    }
  }
`);

export const WebhookEndpointOptionsQuery = graphql(`
  query WebhookEndpointOptions {
    webhookEndpoints(first: 1000, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
        }
      }
    }
    webhookEventTypes {
      name
      description
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($first: Int, $after: Cursor, $where: WebhookDeliveryWhereInput) {
    webhookDeliveries(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          eventID
          type
          subject
          sequence
          status
          attempts
          replays
          lastHTTPStatus
          lastError
          nextAttemptAt
          deliveredAt
          createdAt
          payload
          endpoint {
            id
            name
          }
        }
      }
    }
  }
`);

export const CreateWebhookEndpointMutation = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
      }
    }
  }
`);

export const UpdateWebhookEndpointMutation = graphql(`
  mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(id: $id, input: $input) {
      id
    }
  }
`);

export const DeleteWebhookEndpointMutation = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id) {
      deletedID
    }
  }
`);

export const RotateWebhookSecretMutation = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
      endpoint {
        id
      }
    }
  }
`);

export const SendWebhookTestMutation = graphql(`
  mutation SendWebhookTest($id: ID!) {
    sendWebhookTest(id: $id) {
      eventID
      ok
      httpStatus
      error
      durationMs
    }
  }
`);

export const ReplayWebhookDeliveryMutation = graphql(`
  mutation ReplayWebhookDelivery($id: ID!) {
    replayWebhookDelivery(id: $id) {
      id
      status
    }
  }
`);

export const ReplayDeadWebhookDeliveriesMutation = graphql(`
  mutation ReplayDeadWebhookDeliveries($endpointID: ID!) {
    replayDeadWebhookDeliveries(endpointID: $endpointID) {
      count
    }
  }
`);
