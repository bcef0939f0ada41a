import { graphql } from '../../gql';

export const CorpsQuery = graphql(`
  query Corps($first: Int, $after: Cursor, $where: CorpWhereInput) {
    corps(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          platform
          apiBaseURL
          corpID
          createdAt
          apps(first: 0) {
            totalCount
          }
        }
      }
    }
  }
`);

export const CorpQuery = graphql(`
  query Corp($id: ID!) {
    node(id: $id) {
      __typename
      ... on Corp {
        id
        name
        platform
        apiBaseURL
        corpID
        createdAt
        volcanoKeysSet
        volcanoBaseURL
        volcanoAccessKeyIDHint
        volcanoSecretAccessKeyHint
        volcanoCallbackSecretSet
        volcanoCallbackURL
        apps(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {
          totalCount
          edges {
            node {
              id
              name
              appID
              appSecretSet
              appSecretHint
              encryptKeySet
              encryptKeyHint
              verificationTokenSet
              verificationTokenHint
              homepageMode
              homepageModule
              homepageURL
              updatedAt
              verifiedAt
              verification {
                name
                ok
                code
                message
                class
                host
                cause
              }
            }
          }
        }
      }
    }
  }
`);

export const CreateCorpMutation = graphql(`
  mutation CreateCorp($input: CreateCorpInput!) {
    createCorp(input: $input) {
      id
    }
  }
`);

export const UpdateCorpMutation = graphql(`
  mutation UpdateCorp($id: ID!, $input: UpdateCorpInput!) {
    updateCorp(id: $id, input: $input) {
      id
      name
      apiBaseURL
      corpID
    }
  }
`);

export const DeleteCorpMutation = graphql(`
  mutation DeleteCorp($id: ID!) {
    deleteCorp(id: $id) {
      deletedID
    }
  }
`);

export const CreateAppMutation = graphql(`
  mutation CreateApp($input: CreateAppInput!) {
    createApp(input: $input) {
      id
    }
  }
`);

export const UpdateAppMutation = graphql(`
  mutation UpdateApp($id: ID!, $input: UpdateAppInput!) {
    updateApp(id: $id, input: $input) {
      id
    }
  }
`);

export const DeleteAppMutation = graphql(`
  mutation DeleteApp($id: ID!) {
    deleteApp(id: $id) {
      deletedID
    }
  }
`);

export const AppSetupQuery = graphql(`
  query AppSetup($id: ID!) {
    node(id: $id) {
      __typename
      ... on App {
        id
        verifiedAt
        verification {
          name
          ok
          code
          message
          class
          host
          cause
        }
        setup {
          eventRequestURL
          oauthRedirectURL
          homepageURL
          approvalCallbackURL
          trustedDomain
          ipAllowListNote
        }
      }
    }
  }
`);

export const VerifyAppMutation = graphql(`
  mutation VerifyApp($id: ID!) {
    verifyApp(id: $id) {
      id
      verifiedAt
      verification {
        name
        ok
        code
        message
        class
        host
        cause
      }
    }
  }
`);
