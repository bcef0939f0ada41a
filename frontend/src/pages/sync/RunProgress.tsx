import { useEffect } from 'react';
import { useSubscription } from 'urql';
import { Progress, Space, Tag, Typography } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { SyncRunProgressSubscription } from './operations';
import { RUN_COLOR, isLive, isSucceeded } from './runState';
import { phaseLabel, runPercent } from './runFormat';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

function bar(run: SyncRunFieldsFragment) {
  const status = run.status === 'failed' ? 'exception' : isSucceeded(run.status) ? 'success' : 'active';
  return (
    <Progress
      size="small"
      percent={runPercent(run)}
      status={status}
      format={() => (run.total > 0 ? `${run.done}/${run.total}` : '')}
    />
  );
}

/**
 * A run's progress bar. For runs still queued or running it subscribes to
 * syncRunProgress (the server sends the current state first, then changes)
 * and tells the page when the run ends so the row can be refreshed.
 */
export function RunProgress(props: { run: SyncRunFieldsFragment; onEnded: () => void }) {
  const t = useT();
  const live = isLive(props.run.status);
  const [res] = useSubscription({
    query: SyncRunProgressSubscription,
    variables: { id: props.run.id },
    pause: !live,
  });
  const run = res.data?.syncRunProgress ?? props.run;
  const ended = live && !isLive(run.status);
  const { onEnded } = props;
  useEffect(() => {
    if (ended) onEnded();
  }, [ended, onEnded]);

  return (
    <div data-testid={`run-progress-${run.id}`} style={{ minWidth: 180 }}>
      {bar(run)}
      {live && run.phase && <Typography.Text type="secondary">{phaseLabel(t, run.phase)}</Typography.Text>}
    </div>
  );
}

export function RunStatusTag(props: { run: SyncRunFieldsFragment }) {
  const t = useT();
  return (
    <Space>
      <Tag color={RUN_COLOR[props.run.status]}>{t(`run.${props.run.status}` as MessageKey)}</Tag>
      {props.run.dryRun && <Tag>{t('sync.dryRun')}</Tag>}
    </Space>
  );
}
