import { graphql } from '../../gql';

export const AuditEventsQuery = graphql(`
  query AuditEvents($first: Int, $after: Cursor, $where: AuditEventWhereInput) {
    auditEvents(first: $first, after: $after, where: $where, orderBy: [{ field: AT, direction: DESC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          actorKind
          actorName
          action
          targetType
          targetID
          summary
          success
          ip
          before
          after
        }
      }
    }
  }
`);

/** The names of the objects a page of events acts on (deleted ones come back null). */
export const AuditTargetsQuery = graphql(`
  query AuditTargets($ids: [ID!]!) {
    nodes(ids: $ids) {
      id
      ... on Tenant {
        name
      }
      ... on Admin {
        username
      }
      ... on APIToken {
        name
      }
      ... on Corp {
        name
      }
      ... on App {
        name
      }
      ... on User {
        name
      }
      ... on Department {
        name
      }
      ... on WebhookEndpoint {
        name
      }
    }
  }
`);
