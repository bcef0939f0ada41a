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
        }
      }
    }
  }
`);
