import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useCursorPages, type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { AuditEventsQuery } from './operations';
import type { AuditEventActorKind, AuditEventsQuery as Data, AuditEventWhereInput } from '../../gql/graphql';

type Row = NodeOf<Data['auditEvents']>;
const KINDS: AuditEventActorKind[] = ['admin', 'token', 'system', 'anonymous'];

/** Read-only log of every mutation and job outcome, newest first. */
export function AuditPage() {
  const t = useT();
  const query = useQueryFn();
  const pages = useCursorPages();

  const columns: ProColumns<Row>[] = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      valueType: 'dateTimeRange',
      width: 180,
      render: (_, row) => dayjs(row.at).format('YYYY-MM-DD HH:mm:ss'),
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      render: (_, row) => (
        <Space>
          <Tag>{t(`actor.${row.actorKind}` as MessageKey)}</Tag>
          {row.actorName}
        </Space>
      ),
    },
    {
      title: t('audit.actorKind'),
      dataIndex: 'actorKind',
      hideInTable: true,
      valueType: 'select',
      valueEnum: Object.fromEntries(KINDS.map((k) => [k, { text: t(`actor.${k}` as MessageKey) }])),
    },
    { title: t('audit.action'), dataIndex: 'action', render: (_, row) => <Typography.Text code>{row.action}</Typography.Text> },
    {
      title: t('audit.target'),
      dataIndex: 'targetType',
      search: false,
      render: (_, row) => (row.targetType ? `${row.targetType} ${row.targetID ?? ''}` : '-'),
    },
    { title: t('audit.summary'), dataIndex: 'summary', search: false, ellipsis: true },
    {
      title: t('audit.result'),
      dataIndex: 'success',
      valueType: 'select',
      valueEnum: { true: { text: t('audit.success') }, false: { text: t('audit.failure') } },
      render: (_, row) =>
        row.success ? <Tag color="green">{t('audit.success')}</Tag> : <Tag color="red">{t('audit.failure')}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', search: false },
  ];

  return (
    <PageContainer title={t('audit.title')}>
      <ProTable<Row>
        rowKey="id"
        columns={columns}
        // Actor, action and result are the filters people use: keep them in view.
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async ({ current = 1, pageSize = 20, actorName, actorKind, action, success, at }) => {
          const range = at as [string | Dayjs, string | Dayjs] | undefined;
          const where: AuditEventWhereInput = {
            actorNameContainsFold: actorName || undefined,
            actorKind: actorKind || undefined,
            actionContainsFold: action || undefined,
            success: success === undefined || success === '' ? undefined : String(success) === 'true',
            atGTE: range?.[0] ? dayjs(range[0]).toISOString() : undefined,
            atLTE: range?.[1] ? dayjs(range[1]).toISOString() : undefined,
          };
          return pages(JSON.stringify(where), current, pageSize, async (after, first) => {
            const data = await query(AuditEventsQuery, { first, after, where });
            return data?.auditEvents;
          });
        }}
      />
    </PageContainer>
  );
}
