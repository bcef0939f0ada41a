import { graphql } from '../../gql';

export const TenantsQuery = graphql(`
  query Tenants($first: Int, $after: Cursor, $where: TenantWhereInput) {
    tenants(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          slug
          createdAt
        }
      }
    }
  }
`);

export const CreateTenantMutation = graphql(`
  mutation CreateTenant($input: CreateTenantInput!) {
    createTenant(input: $input) {
      id
      name
      slug
    }
  }
`);

export const UpdateTenantMutation = graphql(`
  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {
    updateTenant(id: $id, input: $input) {
      id
      name
      slug
    }
  }
`);

export const DeleteTenantMutation = graphql(`
  mutation DeleteTenant($id: ID!) {
    deleteTenant(id: $id) {
      deletedID
    }
  }
`);
