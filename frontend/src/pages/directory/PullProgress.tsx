import { useEffect } from 'react';
import { useSubscription } from 'urql';
import { Alert, Progress, Space, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { SyncRunProgressSubscription } from '../sync/operations';
import { RunStatusTag } from '../sync/RunProgress';
import { RunCounters } from '../sync/RunCounters';
import { isLive, isSucceeded } from '../sync/runState';
import { phaseLabel, runDuration, runPercent } from '../sync/runFormat';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

/**
 * A pull followed live over graphql-ws (syncRunProgress sends the current
 * state first, then every change): phase, done/total, counters, and once it
 * ends, the outcome. `onEnded` fires once, when a run seen live has ended.
 */
export function PullProgress(props: {
  run: SyncRunFieldsFragment;
  onEnded: (run: SyncRunFieldsFragment) => void;
  onClose: () => void;
}) {
  const t = useT();
  const startedLive = isLive(props.run.status);
  const [res] = useSubscription({
    query: SyncRunProgressSubscription,
    variables: { id: props.run.id },
    pause: !startedLive,
  });
  const run = res.data?.syncRunProgress ?? props.run;
  const live = isLive(run.status);
  const ended = startedLive && !live;
  const { onEnded } = props;
  const endedRun = ended ? run : null;
  useEffect(() => {
    if (endedRun) onEnded(endedRun);
  }, [endedRun, onEnded]);

  const percent = runPercent(run);
  const succeeded = isSucceeded(run.status);
  const barStatus = succeeded ? (run.status === 'succeeded' ? 'success' : 'normal') : live ? 'active' : 'exception';
  const failedItems = run.errors?.length ?? run.counters.failed;
  return (
    <Space
      direction="vertical"
      style={{ width: '100%' }}
      data-testid="pull-progress"
      data-status={run.status}
      data-done={run.done}
      data-total={run.total}
      data-percent={percent}
    >
      <Space wrap>
        <RunStatusTag run={run} />
        {live && (
          <Typography.Text type="secondary" data-testid="pull-phase">
            {run.status === 'queued' || !run.phase
              ? t('pull.waiting')
              : `${t('sync.phase')}: ${phaseLabel(t, run.phase)}${run.total > 0 ? ` · ${run.done}/${run.total}` : ''}`}
          </Typography.Text>
        )}
      </Space>
      <Progress percent={percent} status={barStatus} />
      <RunCounters counters={run.counters} all />
      {!live && (
        <Alert
          closable
          onClose={props.onClose}
          showIcon
          data-testid="pull-result"
          type={succeeded ? (run.status === 'succeeded_with_errors' || failedItems > 0 ? 'warning' : 'success') : 'error'}
          message={
            run.status === 'succeeded_with_errors'
              ? t('pull.succeededWithErrors', { duration: runDuration(run) || '-', count: run.counters.failed })
              : succeeded
              ? t('pull.succeeded', { duration: runDuration(run) || '-' })
              : run.status === 'canceled'
                ? t('pull.canceled')
                : t('pull.failed')
          }
          description={
            run.error || (failedItems > 0 ? t('pull.itemsFailed', { count: failedItems }) : undefined)
          }
        />
      )}
    </Space>
  );
}
