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
          removedAt
          outOfScopeAt
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
          removedAt
          outOfScopeAt
          memberships {
            id
            primary
            department {
              id
              name
            }
          }
          oaBindings {
            id
            method
            imUser {
              id
              name
            }
          }
          imBindings {
            id
            method
            oaUser {
              id
              name
            }
          }
        }
      }
    }
  }
`);

// Member counts for the trees: one page of (department) per membership of a
// person still in the directory. Only loaded while the side is small enough.
export const DirectoryMembershipsQuery = graphql(`
  query DirectoryMemberships($first: Int, $after: Cursor, $where: MembershipWhereInput) {
    memberships(first: $first, after: $after, where: $where) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          departmentID
        }
      }
    }
  }
`);
