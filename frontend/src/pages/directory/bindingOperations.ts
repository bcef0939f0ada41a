import { graphql } from '../../gql';

// IM users to bind to: one corp's mirror, still in its directory.
// Unbound IM users first: a bound one cannot take another binding, so it
// is offered after them, marked (picking it shows the refusal's reason).
export const BindCandidatesQuery = graphql(`
  query BindCandidates($free: UserWhereInput, $bound: UserWhereInput) {
    free: users(first: 20, where: $free, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          mobile
          externalID
        }
      }
    }
    bound: users(first: 10, where: $bound, orderBy: [{ field: NAME, direction: ASC }]) {
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
