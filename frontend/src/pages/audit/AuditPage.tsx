import { useRef, useState, type CSSProperties } from 'react';
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
/** The actor's name cut with an ellipsis, beside its kind's tag. */
const ACTOR_STYLE: CSSProperties = {
  display: 'inline-block',
  maxWidth: 130,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'bottom',
};
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

  // Names of the objects acted on, by id; null: looked up and gone. Filled
  // after the rows are drawn, so a page of events never waits for its names.
  const [names, setNames] = useState<ReadonlyMap<string, string | null>>(new Map());

  /**
   * Looks up the names of the live objects among ids: all in one request,
   * and a batch that fails (a deleted object fails the whole nodes query) is
   * split in halves down to single ids, so k deleted objects cost about
   * k·log(n) small requests instead of one request per id. Twenty parallel
   * lookups per page were what a loaded server answered last (~17 s in
   * e2e/audit-first-row.demo.spec.ts), with the page's rows after them.
   */
  const lookupNames = async (ids: string[]): Promise<Map<string, string | null>> => {
    const found = new Map<string, string | null>();
    const batch = async (part: string[]): Promise<void> => {
      if (part.length === 0) return;
      const res = await client.query(AuditTargetsQuery, { ids: part }, { requestPolicy: 'network-only', quiet: true }).toPromise();
      const list = res.data?.nodes;
      if (list && !res.error) {
        part.forEach((id, i) => {
          const n = list[i] as Record<string, unknown> | null | undefined;
          const name = nodeName(n ?? null);
          found.set(id, n && name ? name : null);
        });
        return;
      }
      if (part.length === 1) {
        found.set(part[0], null);
        return;
      }
      const half = Math.ceil(part.length / 2);
      await Promise.all([batch(part.slice(0, half)), batch(part.slice(half))]);
    };
    for (let i = 0; i < ids.length; i += 100) await batch(ids.slice(i, i + 100));
    return found;
  };
  const targetIDs = (rows: AuditRow[]) => [
    ...new Set(rows.map((r) => r.targetID).filter((id): id is string => !!id && /^\d+$/.test(id))),
  ];
  /** A row with its object's name: the live one's, else a deleted one's from its snapshot. */
  const named = (r: AuditRow, known: ReadonlyMap<string, string | null>): Row => {
    const live = r.targetID ? known.get(r.targetID) : undefined;
    const gone = live ? undefined : snapshotName(r.before ?? r.after);
    // Until the lookup answers, the snapshot's name stands in, not yet marked deleted.
    const looked = !!r.targetID && known.has(r.targetID);
    return { ...r, targetName: live ?? gone, deleted: looked && !live && !!gone };
  };
  const withNames = async (rows: AuditRow[]): Promise<Row[]> => {
    const found = await lookupNames(targetIDs(rows));
    return rows.map((r) => named(r, found));
  };
  /** Starts the name lookup of a shown page; the table re-renders when it answers. */
  const fillNames = (rows: AuditRow[]) => {
    const ids = targetIDs(rows).filter((id) => !names.has(id));
    if (ids.length === 0) return;
    void lookupNames(ids).then((found) => setNames((cur) => new Map([...cur, ...found])));
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
          {/* CSS ellipsis with a title, not Typography's ellipsis: that one
              measures each cell (adds an element, reads its box), a forced
              layout of the whole table per row, most of the first row's wait
              in e2e/audit-first-row.demo.spec.ts. */}
          <span title={row.actorName} style={ACTOR_STYLE}>
            {row.actorName}
          </span>
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
      render: (_, plain) => {
        const row = named(plain, names);
        return row.targetType || row.targetName ? (
          <span data-testid="audit-target">
            {typeText(t, row.targetType)} {row.targetName ?? (row.targetID ? `#${row.targetID}` : '')}
            {row.deleted && <Typography.Text type="secondary"> {t('audit.deleted')}</Typography.Text>}
          </span>
        ) : (
          '-'
        );
      },
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
        onLoad={(rows) => fillNames(rows)}
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
          // Rows first; their objects' names follow once the table has them (onLoad).
          return page as { data: Row[]; total: number; success: boolean };
        }}
      />
      <AuditDrawer row={open} targetName={open ? named(open, names).targetName : undefined} onClose={() => setOpen(null)} />
    </PageContainer>
  );
}
