import { graphql } from '../../gql';

// The corp's pulls: the one still queued or running (to attach to when the
// page opens) and the latest few for the "recent pulls" list.
export const CorpPullsQuery = graphql(`
  query CorpPulls($corpID: ID!, $recent: Int!) {
    live: syncRuns(
      first: 1
      where: { corpID: $corpID, kind: im_pull, statusIn: [queued, running] }
      orderBy: [{ field: CREATED_AT, direction: DESC }]
    ) {
      edges {
        node {
          ...SyncRunFields
        }
      }
    }
    recent: syncRuns(
      first: $recent
      where: { corpID: $corpID, kind: im_pull }
      orderBy: [{ field: CREATED_AT, direction: DESC }]
    ) {
      totalCount
      edges {
        node {
          ...SyncRunFields
        }
      }
    }
  }
`);

export const StartPullMutation = graphql(`
  mutation StartPull($corpID: ID!) {
    pullDirectory(corpID: $corpID) {
      ...SyncRunFields
    }
  }
`);

/** The corp's recent pulls alone: RecentPulls polls it without re-rendering the page. */
export const RecentPullsQuery = graphql(`
  query RecentPulls($corpID: ID!, $recent: Int!) {
    recent: syncRuns(
      first: $recent
      where: { corpID: $corpID, kind: im_pull }
      orderBy: [{ field: CREATED_AT, direction: DESC }]
    ) {
      totalCount
      edges {
        node {
          ...SyncRunFields
        }
      }
    }
  }
`);

/** Every change of the corp's pulls, from now on: RecentPulls stays current without a refresh. */
export const PullsChangedSubscription = graphql(`
  subscription PullsChanged($corpID: ID!) {
    syncRunsChanged(corpID: $corpID, kind: im_pull) {
      ...SyncRunFields
    }
  }
`);
