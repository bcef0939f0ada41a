import { useRef, useState } from 'react';
import { useClient } from 'urql';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Space, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useCursorPages } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { AuditEventsQuery, AuditTargetsQuery } from './operations';
import type { AuditEventActorKind, AuditEventWhereInput, AuditEventsQuery as AuditEventsData } from '../../gql/graphql';
import { AuditDrawer, type AuditRow } from './AuditDrawer';
import { actionText, nodeName, snapshotName, toCSV, typeText } from './auditText';

type Row = AuditRow & { targetName?: string; deleted?: boolean };
const KINDS: AuditEventActorKind[] = ['admin', 'token', 'system', 'anonymous'];
/** At most this many events go into one CSV export. */
const EXPORT_MAX = 10_000;

/** Read-only log of every mutation and job outcome, newest first, in words. */
export function AuditPage() {
  const t = useT();
  const query = useQueryFn();
  const client = useClient();
  const pages = useCursorPages();
  const { message } = App.useApp();
  const [open, setOpen] = useState<Row | null>(null);
  const [exporting, setExporting] = useState(false);
  const lastWhere = useRef<AuditEventWhereInput>({});

  /** Adds the names of the objects acted on (a deleted one's from its snapshot). */
  const withNames = async (rows: AuditRow[]): Promise<Row[]> => {
    const ids = [...new Set(rows.map((r) => r.targetID).filter((id): id is string => !!id && /^\d+$/.test(id)))];
    const names = new Map<string, string>();
    // One id at a time: a deleted object fails its own lookup only.
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(
        ids.slice(i, i + 20).map(async (id) => {
          const res = await client.query(AuditTargetsQuery, { ids: [id] }, { requestPolicy: 'network-only', quiet: true }).toPromise();
          const n = res.data?.nodes?.[0];
          const name = nodeName(n as Record<string, unknown> | null);
          if (n && name) names.set(n.id, name);
        }),
      );
    }
    return rows.map((r) => {
      const live = r.targetID ? names.get(r.targetID) : undefined;
      const gone = live ? undefined : snapshotName(r.before ?? r.after);
      return { ...r, targetName: live ?? gone, deleted: !live && !!gone };
    });
  };

  const exportCSV = async () => {
    setExporting(true);
    try {
      const all: AuditRow[] = [];
      let after: string | null | undefined = undefined;
      do {
        const data: AuditEventsData | undefined = await query(AuditEventsQuery, { first: 500, after, where: lastWhere.current });
        const conn: AuditEventsData['auditEvents'] | undefined = data?.auditEvents;
        if (!conn) break;
        for (const e of conn.edges ?? []) if (e?.node) all.push(e.node);
        after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      } while (after && all.length < EXPORT_MAX);
      const named = await withNames(all.slice(0, EXPORT_MAX));
      const header = [t('audit.at'), t('audit.actorKind'), t('audit.actor'), t('audit.action'), t('audit.actionCode'), t('audit.target'), t('audit.result'), t('audit.summary'), t('audit.ip')];
      const body = named.map((r) => [
        dayjs(r.at).format('YYYY-MM-DD HH:mm:ss'),
        t(`actor.${r.actorKind}` as MessageKey),
        r.actorName,
        actionText(t, r.action),
        r.action,
        [typeText(t, r.targetType), r.targetName ?? r.targetID ?? ''].filter(Boolean).join(' '),
        r.success ? t('audit.success') : t('audit.failure'),
        r.summary ?? '',
        r.ip ?? '',
      ]);
      const blob = new Blob([toCSV([header, ...body])], { type: 'text/csv;charset=utf-8' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `audit-${dayjs().format('YYYYMMDD-HHmmss')}.csv`;
      a.click();
      URL.revokeObjectURL(a.href);
      message.success(t('audit.exported', { count: body.length }));
    } finally {
      setExporting(false);
    }
  };

  const columns: ProColumns<Row>[] = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      valueType: 'dateTimeRange',
      width: 170,
      render: (_, row) => dayjs(row.at).format('YYYY-MM-DD HH:mm:ss'),
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 200,
      ellipsis: true,
      render: (_, row) => (
        <Space size={4} style={{ maxWidth: '100%' }}>
          <Tag style={{ marginInlineEnd: 0 }}>{t(`actor.${row.actorKind}` as MessageKey)}</Tag>
          <Typography.Text ellipsis={{ tooltip: row.actorName }} style={{ maxWidth: 130 }}>
            {row.actorName}
          </Typography.Text>
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
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 200,
      ellipsis: true,
      render: (_, row) => <span data-testid="audit-action">{actionText(t, row.action)}</span>,
    },
    {
      title: t('audit.target'),
      dataIndex: 'targetType',
      search: false,
      ellipsis: true,
      render: (_, row) =>
        row.targetType || row.targetName ? (
          <span data-testid="audit-target">
            {typeText(t, row.targetType)} {row.targetName ?? (row.targetID ? `#${row.targetID}` : '')}
            {row.deleted && <Typography.Text type="secondary"> {t('audit.deleted')}</Typography.Text>}
          </span>
        ) : (
          '-'
        ),
    },
    {
      title: t('audit.result'),
      dataIndex: 'success',
      width: 90,
      valueType: 'select',
      valueEnum: { true: { text: t('audit.success') }, false: { text: t('audit.failure') } },
      render: (_, row) =>
        row.success ? <Tag color="green">{t('audit.success')}</Tag> : <Tag color="red">{t('audit.failure')}</Tag>,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 80,
      render: (_, row) => (
        <a data-testid="audit-open" onClick={() => setOpen(row)}>
          {t('audit.detail')}
        </a>
      ),
    },
  ];

  return (
    <PageContainer title={t('audit.title')}>
      <ProTable<Row>
        rowKey="id"
        columns={columns}
        scroll={{ x: 980 }}
        // Actor, action and result are the filters people use: keep them in view.
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        onRow={(row) => ({ onDoubleClick: () => setOpen(row) })}
        toolBarRender={() => [
          <Button key="csv" icon={<DownloadOutlined />} loading={exporting} onClick={exportCSV} data-testid="audit-export">
            {exporting ? t('audit.exporting') : t('audit.export')}
          </Button>,
        ]}
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
          lastWhere.current = where;
          const page = await pages(JSON.stringify(where), current, pageSize, async (after, first) => {
            const data = await query(AuditEventsQuery, { first, after, where });
            return data?.auditEvents;
          });
          return { ...page, data: await withNames((page.data ?? []) as AuditRow[]) };
        }}
      />
      <AuditDrawer row={open} targetName={open?.targetName} onClose={() => setOpen(null)} />
    </PageContainer>
  );
}
