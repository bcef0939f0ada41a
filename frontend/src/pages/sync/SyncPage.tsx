import { useCallback, useRef } from 'react';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Alert, List, Space, Typography } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useCursorPages } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { SyncRunsQuery } from './operations';
import { RunProgress, RunStatusTag } from './RunProgress';
import { RUN_STATUSES } from './runState';
import type { SyncRunFieldsFragment as Row, SyncRunKind, SyncRunStatus } from '../../gql/graphql';

const KINDS: SyncRunKind[] = ['oa_import', 'im_pull', 'oa_to_im', 'im_to_oa'];
const COUNTERS: (keyof Row['counters'])[] = ['created', 'updated', 'moved', 'unchanged', 'removed', 'failed'];

/** Sync runs with their outcome; running ones update live over the WebSocket. */
export function SyncPage() {
  const t = useT();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  const reload = useCallback(() => action.current?.reload(), []);

  const columns: ProColumns<Row>[] = [
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', search: false, width: 170 },
    {
      title: t('sync.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: Object.fromEntries(KINDS.map((k) => [k, { text: t(`kind.${k}` as MessageKey) }])),
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          {t(`kind.${row.kind}` as MessageKey)}
          {row.corp && <Typography.Text type="secondary">{row.corp.name}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('sync.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(RUN_STATUSES.map((s) => [s, { text: t(`run.${s}` as MessageKey) }])),
      render: (_, row) => <RunStatusTag run={row} />,
    },
    { title: t('sync.trigger'), dataIndex: 'trigger', search: false, render: (_, row) => t(`trigger.${row.trigger}` as MessageKey) },
    { title: t('sync.progress'), key: 'progress', search: false, render: (_, row) => <RunProgress run={row} onEnded={reload} /> },
    {
      title: t('sync.counters'),
      key: 'counters',
      search: false,
      render: (_, row) => (
        <Typography.Text style={{ fontSize: 12 }}>
          {COUNTERS.filter((c) => row.counters[c] > 0)
            .map((c) => `${t(`counter.${c}` as MessageKey)} ${row.counters[c]}`)
            .join(' · ') || '-'}
        </Typography.Text>
      ),
    },
    { title: t('sync.finishedAt'), dataIndex: 'finishedAt', valueType: 'dateTime', search: false, width: 170 },
  ];

  return (
    <PageContainer title={t('sync.title')}>
      <ProTable<Row>
        rowKey="id"
        actionRef={action}
        columns={columns}
        headerTitle={t('sync.runs')}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20 }}
        expandable={{
          rowExpandable: (row) => !!row.error || (row.errors?.length ?? 0) > 0,
          expandedRowRender: (row) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {row.error && <Alert type="error" showIcon message={row.error} />}
              {(row.errors?.length ?? 0) > 0 && (
                <List
                  size="small"
                  header={t('sync.errors')}
                  dataSource={row.errors ?? []}
                  renderItem={(e) => (
                    <List.Item>
                      <Typography.Text code>{e.item}</Typography.Text> {e.message} {e.code && `(${e.code})`}
                    </List.Item>
                  )}
                />
              )}
            </Space>
          ),
        }}
        request={async ({ current = 1, pageSize = 20, kind, status }) => {
          const where = { kind: (kind as SyncRunKind) || undefined, status: (status as SyncRunStatus) || undefined };
          return pages(JSON.stringify(where), current, pageSize, async (after, first) => {
            const data = await query(SyncRunsQuery, { first, after, where });
            return data?.syncRuns;
          });
        }}
      />
    </PageContainer>
  );
}
