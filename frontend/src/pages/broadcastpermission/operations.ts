import { graphql } from '../../gql';

// The broadcast permission (开播权限, seed 000): per-corp policy, requests
// and decisions.

export const PermissionCorpsQuery = graphql(`
  query PermissionCorps {
    corps(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          platform
        }
      }
    }
  }
`);

export const BroadcastPolicyQuery = graphql(`
  query BroadcastPolicy($corpID: ID!) {
    broadcastPolicy(corpID: $corpID) {
      id
      mode
      approverMode
      departments {
        id
        name
      }
      users {
        id
        name
      }
      approvers {
        id
        username
      }
      approverUsers {
        id
      }
    }
    departments(first: 1000, where: { corpID: $corpID }, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          parentID
        }
      }
    }
    users(first: 1000, where: { corpID: $corpID, removedAtIsNil: true }, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
        }
      }
    }
    oaUsers: users(first: 1000, where: { corpIDIsNil: true, removedAtIsNil: true }, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          externalID
        }
      }
    }
    admins(first: 200, orderBy: [{ field: USERNAME, direction: ASC }]) {
      edges {
        node {
          id
          username
          displayName
          role
          disabled
        }
      }
    }
  }
`);

export const SetBroadcastPolicyMutation = graphql(`
  mutation SetBroadcastPolicy($input: SetBroadcastPolicyInput!) {
    setBroadcastPolicy(input: $input) {
      id
      mode
      approverMode
    }
  }
`);

export const PermissionRequestsQuery = graphql(`
  query PermissionRequests($first: Int, $after: Cursor, $where: BroadcastPermissionRequestWhereInput) {
    broadcastPermissionRequests(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          createdAt
          reason
          auto
          status
          comment
          deciderName
          decidedAt
          canDecide
          broadcastError
          corp {
            id
            name
          }
          requester {
            id
            name
          }
          draft {
            title
            start
            durationSeconds
          }
          broadcast {
            id
            title
          }
        }
      }
    }
  }
`);

export const PendingPermissionRequestsQuery = graphql(`
  query PendingPermissionRequests {
    pendingBroadcastPermissionRequestCount
  }
`);

export const OAUsersQuery = graphql(`
  query PermissionOAUsers($search: String) {
    users(first: 20, where: { oaSide: true, search: $search }, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          externalID
        }
      }
    }
  }
`);

export const RequestPermissionMutation = graphql(`
  mutation RequestBroadcastPermission($input: RequestBroadcastPermissionInput!) {
    requestBroadcastPermission(input: $input) {
      id
      status
    }
  }
`);

export const ApprovePermissionMutation = graphql(`
  mutation ApproveBroadcastPermission($input: DecideBroadcastPermissionRequestInput!) {
    approveBroadcastPermissionRequest(input: $input) {
      id
      status
      broadcastError
      broadcast {
        id
        title
      }
    }
  }
`);

export const RejectPermissionMutation = graphql(`
  mutation RejectBroadcastPermission($input: DecideBroadcastPermissionRequestInput!) {
    rejectBroadcastPermissionRequest(input: $input) {
      id
      status
    }
  }
`);
