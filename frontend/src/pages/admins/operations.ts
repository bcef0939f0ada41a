import { graphql } from '../../gql';

export const AdminsQuery = graphql(`
  query Admins($first: Int, $after: Cursor, $where: AdminWhereInput) {
    admins(first: $first, after: $after, where: $where, orderBy: [{ field: USERNAME, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          username
          displayName
          role
          disabled
          lastLoginAt
          createdAt
          tenant {
            id
            name
          }
        }
      }
    }
  }
`);

export const CreateAdminMutation = graphql(`
  mutation CreateAdmin($input: CreateAdminInput!) {
    createAdmin(input: $input) {
      id
    }
  }
`);

export const UpdateAdminMutation = graphql(`
  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {
    updateAdmin(id: $id, input: $input) {
      id
      role
      disabled
    }
  }
`);

export const DeleteAdminMutation = graphql(`
  mutation DeleteAdmin($id: ID!) {
    deleteAdmin(id: $id) {
      deletedID
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      id
    }
  }
`);
