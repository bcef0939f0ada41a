import type { SyncRunStatus } from '../../gql/graphql';

export const RUN_STATUSES: SyncRunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'awaiting_approval'];

export const RUN_COLOR: Record<SyncRunStatus, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  canceled: 'default',
  awaiting_approval: 'warning',
};

/** Runs that can still change, and so are worth a live subscription. */
export function isLive(status: SyncRunStatus): boolean {
  return status === 'queued' || status === 'running';
}
