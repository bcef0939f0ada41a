import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { App } from 'antd';
import dayjs from 'dayjs';
import { nodes } from '../../api/cursorPages';
import { useSubmit } from '../../api/useSubmit';
import { useT } from '../../i18n/I18nProvider';
import { CorpPullsQuery, StartPullMutation } from './pullOperations';
import { isLive } from '../sync/runState';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

const RECENT = 5;

export interface PullState {
  /** The run shown with a progress bar: started here, attached to, or just ended. */
  active: SyncRunFieldsFragment | null;
  /** The corp's latest pulls, newest first. */
  recent: SyncRunFieldsFragment[];
  recentTotal: number;
  starting: boolean;
  start: () => Promise<void>;
  /** Hides the result of an ended run. */
  dismiss: () => void;
  /** Whether the active run is still queued or running. */
  running: boolean;
  /** The progress component's report that the active run ended. */
  finish: (run: SyncRunFieldsFragment) => void;
}

/**
 * A corp's directory pull. When the page opens it attaches to a pull that is
 * already queued or running; starting one while another runs returns that
 * run (the server's rule), which is then followed the same way.
 */
export function usePull(corpId: string | null): PullState {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const [active, setActive] = useState<SyncRunFieldsFragment | null>(null);
  const [starting, setStarting] = useState(false);
  const context = useMemo(() => ({ additionalTypenames: ['SyncRun'] }), []);
  const [res, refetch] = useQuery({
    query: CorpPullsQuery,
    variables: { corpID: corpId ?? '', recent: RECENT },
    pause: !corpId,
    requestPolicy: 'network-only',
    context,
  });

  // Another corp, another pull.
  useEffect(() => setActive(null), [corpId]);

  const live = nodes(res.data?.live)[0];
  useEffect(() => {
    if (live) setActive((cur) => cur ?? live);
  }, [live]);

  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);

  const start = useCallback(async () => {
    if (!corpId) return;
    setStarting(true);
    const clicked = dayjs();
    const data = await submit(StartPullMutation, { corpID: corpId });
    setStarting(false);
    if (!data) return;
    const run = data.pullDirectory;
    // A run created before the click was already there: we joined it.
    const joined = dayjs(run.createdAt).isBefore(clicked.subtract(2, 'second'));
    message.info(joined ? t('pull.attached') : t('pull.started'));
    // The recent list refetches by itself: the mutation returned a SyncRun.
    setActive(run);
  }, [corpId, submit, message, t]);

  const dismiss = useCallback(() => setActive(null), []);
  const finish = useCallback(
    (run: SyncRunFieldsFragment) => {
      setActive((cur) => (cur?.id === run.id ? run : cur));
      refresh();
    },
    [refresh],
  );

  return {
    active,
    recent: nodes(res.data?.recent),
    recentTotal: res.data?.recent.totalCount ?? 0,
    starting,
    start,
    dismiss,
    running: !!active && isLive(active.status),
    finish,
  };
}
