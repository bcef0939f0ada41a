import { Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { RunCounters } from './RunCounters';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

type Attempt = NonNullable<SyncRunFieldsFragment['attempts']>[number];

const COLOR: Record<string, string | undefined> = {
  running: 'processing',
  succeeded: 'success',
  succeeded_with_errors: 'warning',
  failed: 'error',
  retrying: 'warning',
  interrupted: 'default',
};

/** Whether a run was taken up more than once (the attempts are worth showing). */
export function hasAttempts(run: Pick<SyncRunFieldsFragment, 'attempts'>): boolean {
  return (run.attempts?.length ?? 0) > 1;
}

/**
 * Each attempt at a run: which worker took it up, when, how it ended and what
 * it changed. The run's own counters are the sum of these.
 */
export function RunAttempts(props: { run: Pick<SyncRunFieldsFragment, 'attempts'> }) {
  const t = useT();
  const attempts = props.run.attempts ?? [];
  const time = (v?: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm:ss') : '-');
  return (
    <Table<Attempt>
      size="small"
      data-testid="run-attempts"
      rowKey="number"
      title={() => (
        <span>
          {t('sync.attempts')} ({attempts.length}){' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('sync.attemptsHelp')}
          </Typography.Text>
        </span>
      )}
      dataSource={attempts}
      pagination={false}
      columns={[
        { title: t('sync.attemptNumber'), dataIndex: 'number', width: 60 },
        { title: t('sync.attemptWorker'), dataIndex: 'worker', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: t('sync.attemptStarted'), dataIndex: 'startedAt', render: time },
        { title: t('sync.attemptEnded'), dataIndex: 'endedAt', render: time },
        {
          title: t('sync.attemptOutcome'),
          dataIndex: 'outcome',
          render: (v: string, row) => (
            <span data-outcome={v}>
              <Tag color={COLOR[v]}>{t(`sync.attempt.${v}` as MessageKey)}</Tag>
              {row.error && <Typography.Text type="danger">{row.error}</Typography.Text>}
            </span>
          ),
        },
        { title: t('sync.attemptCounters'), dataIndex: 'counters', render: (c: Attempt['counters']) => <RunCounters counters={c} /> },
      ]}
    />
  );
}
