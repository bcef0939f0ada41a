import { graphql } from '../../gql';

// IM users to bind to: one corp's mirror, still in its directory.
export const BindCandidatesQuery = graphql(`
  query BindCandidates($where: UserWhereInput) {
    users(first: 20, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          mobile
          externalID
        }
      }
    }
  }
`);

export const BindUsersMutation = graphql(`
  mutation BindUsers($input: BindUsersInput!) {
    bindUsers(input: $input) {
      id
      method
    }
  }
`);

export const UnbindMutation = graphql(`
  mutation Unbind($id: ID!) {
    unbind(id: $id) {
      deletedID
    }
  }
`);
