import { graphql } from '../../gql';

export const SyncProfileQuery = graphql(`
  query CorpSyncProfile($corpID: ID!) {
    syncProfiles(first: 1, where: { corpID: $corpID }) {
      edges {
        node {
          id
          mode
          permission
          topDepartmentID
          schedule
          app {
            id
            name
          }
        }
      }
    }
  }
`);

export const CreateSyncProfileMutation = graphql(`
  mutation CreateSyncProfile($input: CreateSyncProfileInput!) {
    createSyncProfile(input: $input) {
      id
    }
  }
`);

export const UpdateSyncProfileMutation = graphql(`
  mutation UpdateSyncProfile($id: ID!, $input: UpdateSyncProfileInput!) {
    updateSyncProfile(id: $id, input: $input) {
      id
    }
  }
`);
