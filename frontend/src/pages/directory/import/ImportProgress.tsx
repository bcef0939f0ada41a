import { useEffect } from 'react';
import { useSubscription } from 'urql';
import { Alert, Progress, Space, Typography } from 'antd';
import { useT } from '../../../i18n/I18nProvider';
import { SyncRunProgressSubscription } from '../../sync/operations';
import { RunCounters } from '../../sync/RunCounters';
import { isLive, isSucceeded } from '../../sync/runState';
import { phaseLabel, runDuration, runPercent } from '../../sync/runFormat';
import type { SyncRunFieldsFragment } from '../../../gql/graphql';

/**
 * An import's run: followed live while it is a job (syncRunProgress sends
 * the current state, then each change), then its outcome and counters.
 */
export function ImportProgress(props: { run: SyncRunFieldsFragment; onEnded: () => void }) {
  const t = useT();
  const [res] = useSubscription({
    query: SyncRunProgressSubscription,
    variables: { id: props.run.id },
    pause: !isLive(props.run.status),
  });
  const run = res.data?.syncRunProgress ?? props.run;
  const live = isLive(run.status);
  const { onEnded } = props;
  useEffect(() => {
    if (!live) onEnded();
  }, [live, onEnded]);
  const ok = isSucceeded(run.status);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-progress" data-status={run.status}>
      {live && (
        <Typography.Text type="secondary">
          {run.status === 'queued' || !run.phase
            ? t('import.waiting')
            : `${phaseLabel(t, run.phase)}${run.total > 0 ? ` · ${run.done}/${run.total}` : ''}`}
        </Typography.Text>
      )}
      <Progress percent={runPercent(run)} status={ok ? 'success' : live ? 'active' : 'exception'} />
      <RunCounters counters={run.counters} all />
      {!live && (
        <Alert
          showIcon
          data-testid="import-result"
          type={ok ? 'success' : 'error'}
          message={ok ? t('import.succeeded', { duration: runDuration(run) || '-' }) : t('import.failed')}
          description={ok ? undefined : run.error}
        />
      )}
    </Space>
  );
}
