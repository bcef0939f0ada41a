import { graphql } from '../../gql';

export const APITokensQuery = graphql(`
  query APITokens($first: Int, $after: Cursor, $where: APITokenWhereInput) {
    apiTokens(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          prefix
          scopes
          expiresAt
          lastUsedAt
          createdAt
        }
      }
    }
  }
`);

export const CreateAPITokenMutation = graphql(`
  mutation CreateAPIToken($input: CreateAPITokenInput!) {
    createAPIToken(input: $input) {
      secret
      apiToken {
        id
        name
      }
    }
  }
`);

export const DeleteAPITokenMutation = graphql(`
  mutation DeleteAPIToken($id: ID!) {
    deleteAPIToken(id: $id) {
      deletedID
    }
  }
`);
