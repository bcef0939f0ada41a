import { graphql } from '../../gql';

export const BroadcastsQuery = graphql(`
  query Broadcasts($first: Int, $after: Cursor, $where: BroadcastWhereInput) {
    broadcasts(first: $first, after: $after, where: $where, orderBy: [{ field: START_TIME, direction: DESC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          provider
          status
          replayStatus
          startTime
          durationSeconds
          liveType
          description
          remindSeconds
          activityDescription
          activityImages
          corpID
          appID
          anchor {
            id
            name
          }
        }
      }
    }
  }
`);

export const BroadcastAppsQuery = graphql(`
  query BroadcastApps {
    apps(first: 200, orderBy: [{ field: NAME, direction: ASC }]) {
      edges {
        node {
          id
          name
          corpID
          corp {
            id
            name
            platform
          }
        }
      }
    }
  }
`);

// Anchors are OA users bound in the corp (the rule the server checks).
export const BroadcastAnchorsQuery = graphql(`
  query BroadcastAnchors($where: BindingWhereInput!) {
    bindings(first: 20, where: $where) {
      edges {
        node {
          id
          oaUser {
            id
            name
            externalID
          }
        }
      }
    }
  }
`);

export const BroadcastDetailQuery = graphql(`
  query BroadcastDetail($id: ID!) {
    broadcast(id: $id) {
      id
      title
      provider
      status
      replayStatus
      startTime
      durationSeconds
      liveType
      description
      viewURL
      platformID
      notes
      refreshedAt
      anchor {
        id
        name
      }
      stats {
        viewers
        totalWatchSeconds
        averageWatchSeconds
        peakOnline
        comments
        mics
        viewerRecords
      }
      watchers(first: 200, orderBy: { field: WATCH_SECONDS, direction: DESC }) {
        edges {
          node {
            id
            imUserID
            externalUserID
            name
            watchSeconds
            commented
            commentCount
            mic
            oaUser {
              id
              name
              externalID
            }
          }
        }
      }
    }
  }
`);

export const BroadcastExportQuery = graphql(`
  query BroadcastExport($id: ID!) {
    broadcastExport(id: $id) {
      fileName
      contentType
      contentBase64
      rows
    }
  }
`);

export const CreateBroadcastMutation = graphql(`
  mutation CreateBroadcast($input: CreateBroadcastInput!) {
    createBroadcast(input: $input) {
      id
      status
      notes
    }
  }
`);

export const UpdateBroadcastMutation = graphql(`
  mutation UpdateBroadcast($id: ID!, $input: UpdateBroadcastInput!) {
    updateBroadcast(id: $id, input: $input) {
      id
      status
      notes
    }
  }
`);

export const CancelBroadcastMutation = graphql(`
  mutation CancelBroadcast($id: ID!) {
    cancelBroadcast(id: $id) {
      id
      status
    }
  }
`);

export const DeleteBroadcastReplayMutation = graphql(`
  mutation DeleteBroadcastReplay($id: ID!) {
    deleteBroadcastReplay(id: $id) {
      id
      replayStatus
    }
  }
`);

export const SetVolcanoKeysMutation = graphql(`
  mutation SetVolcanoKeys($corpID: ID!, $input: VolcanoKeysInput!) {
    setVolcanoKeys(corpID: $corpID, input: $input) {
      id
      volcanoKeysSet
      volcanoCallbackSecretSet
    }
  }
`);
