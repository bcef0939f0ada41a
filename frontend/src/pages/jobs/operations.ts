import { graphql } from '../../gql';

export const JobQueuesQuery = graphql(`
  query JobQueues {
    jobQueues {
      name
      pending
      active
      scheduled
      retry
      archived
      completed
      processedToday
      failedToday
    }
  }
`);

export const ArchivedJobsQuery = graphql(`
  query ArchivedJobs($queue: String!, $first: Int) {
    archivedJobs(queue: $queue, first: $first) {
      id
      queue
      type
      lastError
      retried
      lastFailedAt
    }
  }
`);

export const RetryArchivedJobMutation = graphql(`
  mutation RetryArchivedJob($queue: String!, $id: String!) {
    retryArchivedJob(queue: $queue, id: $id) {
      id
      queue
    }
  }
`);
