import type { SyncRunStatus } from '../../gql/graphql';

export const RUN_STATUSES: SyncRunStatus[] = [
  'queued',
  'running',
  'succeeded',
  'succeeded_with_errors',
  'failed',
  'canceled',
  'awaiting_approval',
];

export const RUN_COLOR: Record<SyncRunStatus, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  succeeded_with_errors: 'warning',
  failed: 'error',
  canceled: 'default',
  awaiting_approval: 'warning',
};

/** Runs that finished and wrote what they could (some items may have failed). */
export function isSucceeded(status: SyncRunStatus): boolean {
  return status === 'succeeded' || status === 'succeeded_with_errors';
}

/** Runs that can still change, and so are worth a live subscription. */
export function isLive(status: SyncRunStatus): boolean {
  return status === 'queued' || status === 'running';
}
