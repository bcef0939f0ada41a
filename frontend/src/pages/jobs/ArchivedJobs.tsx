import type { RefObject } from 'react';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Alert, Empty, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { useQueryFn } from '../../api/useQueryFn';
import { ConfirmLink } from '../../components/ConfirmLink';
import { ArchivedJobsQuery, RetryArchivedJobMutation } from './operations';
import type { ArchivedJobsQuery as Data } from '../../gql/graphql';

type Row = Data['archivedJobs'][number];

/** The newest 100 archived jobs of one queue, each with "run again". */
export function ArchivedJobs(props: { queue: string | null; actionRef: RefObject<ActionType | null>; onRetried: () => void }) {
  const t = useT();
  const query = useQueryFn();

  if (!props.queue) return <Empty style={{ marginTop: 24 }} description={t('jobs.pickQueue')} />;

  const columns: ProColumns<Row>[] = [
    { title: t('jobs.id'), dataIndex: 'id', copyable: true, width: 220, ellipsis: true },
    { title: t('jobs.type'), dataIndex: 'type', width: 180 },
    {
      title: t('jobs.lastError'),
      dataIndex: 'lastError',
      render: (_, row) => <Typography.Text type="danger">{row.lastError}</Typography.Text>,
    },
    { title: t('jobs.retried'), dataIndex: 'retried', width: 90, align: 'right' },
    { title: t('jobs.lastFailedAt'), dataIndex: 'lastFailedAt', valueType: 'dateTime', width: 170 },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 110,
      render: (_, row) => (
        <ConfirmLink
          title={t('jobs.confirmRunAgain')}
          mutation={RetryArchivedJobMutation}
          variables={{ queue: row.queue, id: row.id }}
          success={t('jobs.queued')}
          onDone={props.onRetried}
        >
          {t('jobs.runAgain')}
        </ConfirmLink>
      ),
    },
  ];

  return (
    <ProTable<Row>
      rowKey="id"
      actionRef={props.actionRef}
      style={{ marginTop: 16 }}
      headerTitle={t('jobs.archivedTitle', { queue: props.queue })}
      tableExtraRender={() => <Alert type="info" showIcon message={t('jobs.archivedHelp')} />}
      columns={columns}
      search={false}
      options={false}
      params={{ queue: props.queue }}
      pagination={{ defaultPageSize: 20 }}
      data-testid="archived-jobs"
      request={async ({ queue }) => {
        const data = await query(ArchivedJobsQuery, { queue, first: 100 });
        return { data: data?.archivedJobs ?? [], success: !!data };
      }}
    />
  );
}
