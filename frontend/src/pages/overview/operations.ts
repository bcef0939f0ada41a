import { graphql } from '../../gql';

export const OverviewQuery = graphql(`
  query Overview {
    overview {
      oaUsers
      failedRuns
      recentFailures {
        id
        kind
        status
        error
        createdAt
        corp {
          id
          name
        }
      }
      nextSteps {
        key
        corp {
          id
          name
        }
        app {
          id
          name
        }
      }
      corps {
        corp {
          id
          name
          platform
        }
        imUsers
        boundUsers
        unboundUsers
        lastPull {
          id
          status
          createdAt
          finishedAt
        }
        lastSync {
          id
          kind
          status
          createdAt
          finishedAt
        }
        connection {
          status
          verifiedAt
          app {
            id
            name
          }
          failed {
            name
            code
            class
            host
            cause
          }
        }
      }
    }
  }
`);
