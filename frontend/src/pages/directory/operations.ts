import { graphql } from '../../gql';

export const DirectoryDepartmentsQuery = graphql(`
  query DirectoryDepartments($first: Int, $after: Cursor, $where: DepartmentWhereInput) {
    departments(first: $first, after: $after, where: $where, orderBy: [{ field: ORDER, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          externalID
          parentID
          order
        }
      }
    }
  }
`);

export const DirectoryUsersQuery = graphql(`
  query DirectoryUsers($first: Int, $after: Cursor, $where: UserWhereInput) {
    users(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          externalID
          name
          mobile
          email
          employeeNo
          title
          status
          memberships {
            id
            primary
            department {
              id
              name
            }
          }
        }
      }
    }
  }
`);
