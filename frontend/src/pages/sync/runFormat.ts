import dayjs from 'dayjs';
import type { MessageKey, Translate } from '../../i18n/I18nProvider';
import type { SyncRunFieldsFragment } from '../../gql/graphql';
import { isSucceeded } from './runState';

export type Counter = keyof SyncRunFieldsFragment['counters'];
export const COUNTERS: Counter[] = ['created', 'updated', 'moved', 'unchanged', 'removed', 'outOfScope', 'failed'];

/** A run's phase in words; phases the console does not know are shown as sent. */
export function phaseLabel(t: Translate, phase: string | null | undefined): string {
  if (!phase) return '';
  const key = `phase.${phase}` as MessageKey;
  return t(key) === key ? phase : t(key);
}

/** "1.8 s", "2 min 5 s", "1 h 3 min": how long a run took (or has been running). */
export function formatDuration(ms: number): string {
  if (ms < 0) return '';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function runDuration(run: Pick<SyncRunFieldsFragment, 'startedAt' | 'finishedAt'>): string {
  if (!run.startedAt || !run.finishedAt) return '';
  return formatDuration(dayjs(run.finishedAt).diff(dayjs(run.startedAt)));
}

// A pull counts done/total afresh in each phase; each phase gets a share of
// the bar so it fills once, left to right, about in proportion to its time:
// the departments are listed 50 a call and written a level at a time; the
// users take a listing per department under the platform's rate limits.
const PULL_PHASES: Record<string, [number, number]> = {
  start: [0, 0],
  departments: [0, 10],
  users: [10, 95],
  finalize: [95, 100],
};

/** Progress in percent; a finished run is full whatever its counts say. */
export function runPercent(run: Pick<SyncRunFieldsFragment, 'kind' | 'phase' | 'done' | 'total' | 'status'>): number {
  if (isSucceeded(run.status)) return 100;
  const part = run.total > 0 ? Math.min(1, run.done / run.total) : 0;
  const span = run.kind === 'im_pull' && run.phase ? PULL_PHASES[run.phase] : undefined;
  if (span) return Math.floor(span[0] + (span[1] - span[0]) * part);
  return Math.floor(part * 100);
}
