import { graphql } from '../../gql';

export const QrLoginCorpsQuery = graphql(`
  query QrLoginCorps {
    corps(first: 20, where: { platformIn: [feishu, wecom] }, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          platform
          apps(first: 20) {
            edges {
              node {
                id
                name
              }
            }
          }
        }
      }
    }
    webhookEndpoints(first: 50) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const LoginSettingQuery = graphql(`
  query CorpLoginSetting($corpID: ID!) {
    loginSettings(first: 1, where: { corpID: $corpID }) {
      edges {
        node {
          id
          enabled
          appID
          allowedOrigins
          bindOnFirstLogin
          autoBindField
          passwordCheckEndpointID
          ticketTTLSeconds
          consoleSignIn
          redirectURL
          startURL
          snippet
          embedURL
        }
      }
    }
  }
`);

export const UpdateLoginSettingMutation = graphql(`
  mutation UpdateLoginSetting($corpID: ID!, $input: UpdateLoginSettingInput!) {
    updateLoginSetting(corpID: $corpID, input: $input) {
      id
      enabled
    }
  }
`);

export const UnbindMyIMMutation = graphql(`
  mutation UnbindMyIM {
    unbindMyIM {
      id
    }
  }
`);
