import { useRef, useState } from 'react';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useQueryFn } from '../../api/useQueryFn';
import { JobQueuesQuery } from './operations';
import { ArchivedJobs } from './ArchivedJobs';
import type { JobQueuesQuery as Data } from '../../gql/graphql';

type Row = Data['jobQueues'][number];

const COUNTS = [
  'pending',
  'active',
  'scheduled',
  'retry',
  'archived',
  'completed',
  'processedToday',
  'failedToday',
] as const satisfies readonly (keyof Row)[];

/**
 * Super admins: the job queues (shared by all tenants) with their counts,
 * refreshed every 5 s while open, and the archived jobs of the picked queue.
 */
export function JobsPage() {
  const t = useT();
  const query = useQueryFn();
  const queues = useRef<ActionType>(null);
  const archived = useRef<ActionType>(null);
  const [queue, setQueue] = useState<string | null>(null);
  const reload = () => {
    queues.current?.reload();
    archived.current?.reload();
  };

  const columns: ProColumns<Row>[] = [
    { title: t('jobs.queue'), dataIndex: 'name', render: (_, row) => <Typography.Text strong>{row.name}</Typography.Text> },
    ...COUNTS.map((k) => ({ title: t(`jobs.${k}` as MessageKey), dataIndex: k, align: 'right' as const })),
  ];

  return (
    <PageContainer
      title={t('jobs.title')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('jobs.autoRefresh')}</Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={reload} data-testid="jobs-refresh">
            {t('common.reload')}
          </Button>
        </Space>
      }
    >
      <ProTable<Row>
        rowKey="name"
        actionRef={queues}
        columns={columns}
        search={false}
        options={false}
        pagination={false}
        polling={5000}
        data-testid="job-queues"
        rowSelection={{
          type: 'radio',
          selectedRowKeys: queue ? [queue] : [],
          onChange: (keys) => setQueue((keys[0] as string) ?? null),
          alwaysShowAlert: false,
        }}
        tableAlertRender={false}
        onRow={(row) => ({ onClick: () => setQueue(row.name), style: { cursor: 'pointer' } })}
        request={async () => {
          const data = await query(JobQueuesQuery, {});
          if (data && !queue && data.jobQueues[0]) setQueue(data.jobQueues[0].name);
          return { data: data?.jobQueues ?? [], success: !!data };
        }}
      />
      <ArchivedJobs queue={queue} actionRef={archived} onRetried={reload} />
    </PageContainer>
  );
}
