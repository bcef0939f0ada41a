import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { nodes } from '../../api/cursorPages';
import { PullsChangedSubscription, RecentPullsQuery } from './pullOperations';
import { Empty, List, Popover, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { RunStatusTag } from '../sync/RunProgress';
import { RunCounters } from '../sync/RunCounters';
import { RunErrors, hasErrors } from '../sync/RunErrors';
import { runDuration } from '../sync/runFormat';
import { isLive } from '../sync/runState';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

/** The corp's latest pulls, compact; the Sync page has the full history. */
export function RecentPulls(props: { corpId: string; platform?: string; runs: SyncRunFieldsFragment[]; total: number; paused?: boolean }) {
  const t = useT();
  // The list follows runs as they go (queued → running → done) and shows
  // pulls started elsewhere (a schedule, another admin, the API) as they
  // start: syncRunsChanged sends each state of the corp's pulls; a run it
  // does not list yet, or one that ended, is read again with the list, and
  // a running one is shown from the event itself. A slow poll catches what
  // no event announces (a pull still queued). Only this list re-renders; it
  // rests while the page follows its own pull on the progress bar.
  const [res, refetch] = useQuery({
    query: RecentPullsQuery,
    variables: { corpID: props.corpId, recent: Math.max(props.runs.length, 5) },
    requestPolicy: 'network-only',
  });
  const [sub] = useSubscription({ query: PullsChangedSubscription, variables: { corpID: props.corpId }, pause: props.paused });
  const [running, setRunning] = useState<Record<string, SyncRunFieldsFragment>>({});
  const own = res.data ? nodes(res.data.recent) : undefined;
  const listed = own ?? props.runs;
  // The list wins for a run it shows ended: an event seen before a pause
  // must not keep an ended run "running".
  const runs = listed.map((r) => (isLive(r.status) && running[r.id]) || r);
  const total = res.data?.recent.totalCount ?? props.total;
  const changed = sub.data?.syncRunsChanged;
  useEffect(() => {
    if (!changed) return;
    const live = isLive(changed.status);
    setRunning(({ [changed.id]: _, ...rest }) => (live ? { ...rest, [changed.id]: changed } : rest));
    if (!live || !listed.some((r) => r.id === changed.id)) refetch({ requestPolicy: 'network-only' });
    // Only a new event is news; the list it is compared with is read as it is then.
  }, [changed, refetch]);
  useEffect(() => {
    if (props.paused) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 15_000);
    return () => clearInterval(timer);
  }, [refetch, props.paused]);
  // A change of the page's own list (a pull started or finished here) is news too.
  const newest = props.runs[0] ? `${props.runs[0].id}:${props.runs[0].status}` : '';
  useEffect(() => {
    if (newest) refetch({ requestPolicy: 'network-only' });
  }, [newest, refetch]);
  const more = `/sync?kind=im_pull&corpID=${encodeURIComponent(props.corpId)}`;
  if (runs.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pull.none')} />;
  return (
    <List
      size="small"
      data-testid="recent-pulls"
      header={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text strong>{t('pull.recent')}</Typography.Text>
          <Link to={more}>
            {t('pull.all')} ({total})
          </Link>
        </Space>
      }
      dataSource={runs}
      renderItem={(run) => (
        <List.Item data-testid={`recent-pull-${run.id}`} style={{ display: 'block' }}>
          <Space wrap size={[8, 0]}>
            <RunStatusTag run={run} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`trigger.${run.trigger}` as MessageKey)} · {dayjs(run.startedAt ?? run.createdAt).format('MM-DD HH:mm:ss')}
              {runDuration(run) && ` · ${runDuration(run)}`}
            </Typography.Text>
            {hasErrors(run) && (
              <Popover content={<div style={{ width: 520 }}><RunErrors run={run} platform={props.platform} /></div>} trigger="click">
                <Typography.Link type="danger" style={{ fontSize: 12 }}>
                  {t('sync.errors')} ({run.errors?.length ?? 1})
                </Typography.Link>
              </Popover>
            )}
          </Space>
          {!isLive(run.status) && (
            <div>
              <RunCounters counters={run.counters} />
            </div>
          )}
        </List.Item>
      )}
    />
  );
}
