import { useEffect, useRef } from 'react';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { App, Popconfirm, Progress, Table, Tag, Typography } from 'antd';
import { useQuery } from 'urql';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { nodes, type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { useSubmit } from '../../api/useSubmit';
import { ListTable } from '../../components/ListTable';
import { ConfirmLink } from '../../components/ConfirmLink';
import { PlatformText } from '../../components/PlatformText';
import {
  ApprovalInstancesQuery,
  DeliveriesQuery,
  MessagesQuery,
  RecallMessageMutation,
  ReplayDeadDeliveriesMutation,
  ReplayDeliveryMutation,
  PushAppsQuery,
} from './operations';
import type { MessageStatus, MessageWhereInput, PushMessagesQuery as Data } from '../../gql/graphql';

type Row = NodeOf<Data['messages']>;

const STATUSES: MessageStatus[] = ['queued', 'delivering', 'delivered', 'delivered_with_errors', 'recalled', 'no_matching_rule', 'no_recipients'];
const STATUS_COLOR: Record<MessageStatus, string> = {
  queued: 'blue',
  delivering: 'processing',
  delivered: 'green',
  delivered_with_errors: 'orange',
  recalled: 'default',
  no_matching_rule: 'warning',
  no_recipients: 'warning',
};
const DELIVERY_COLOR: Record<string, string> = {
  queued: 'blue',
  sending: 'processing',
  sent: 'green',
  skipped: 'default',
  failed: 'red',
  dead: 'red',
};

/** Progress of one message: done over total, live while it delivers. */
function MessageProgress(props: { row: Row }) {
  const t = useT();
  const { total, sent, skipped, failed } = props.row;
  const done = sent + skipped + failed;
  const percent = total ? Math.round((done * 100) / total) : props.row.status === 'queued' ? 0 : 100;
  return (
    <div style={{ minWidth: 180 }} data-testid="push-progress">
      <Progress percent={percent} size="small" status={failed ? 'exception' : props.row.status === 'delivering' ? 'active' : undefined} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('push.msg.counts', { sent, skipped, failed, total })}
      </Typography.Text>
    </div>
  );
}

const QUIET = { quiet: true };

/** The message's approval-center instances (三方审批): state, update_time, last drift check. */
function ApprovalInstances(props: { messageID: string }) {
  const t = useT();
  const [res] = useQuery({ query: ApprovalInstancesQuery, variables: { id: props.messageID }, requestPolicy: 'network-only' });
  const rows = nodes(res.data?.messages)[0]?.approvalInstances ?? [];
  if (!rows.length) return null;
  return (
    <Table
      size="small"
      rowKey="instanceID"
      dataSource={rows}
      pagination={false}
      data-testid="push-approval-instances"
      columns={[
        { title: t('push.ai.instance'), dataIndex: 'instanceID' },
        { title: t('push.ai.state'), dataIndex: 'state', render: (v: string) => <Tag data-testid="push-approval-state">{t(`push.ai.s.${v}` as MessageKey)}</Tag> },
        { title: t('push.ai.updateTime'), dataIndex: 'updateTime', render: (v?: string | null) => (v ? new Date(v).toLocaleString() : '-') },
        { title: t('push.ai.checkedAt'), dataIndex: 'checkedAt', render: (v?: string | null) => (v ? new Date(v).toLocaleString() : '-') },
        { title: t('push.ai.repairs'), dataIndex: 'repairs' },
        { title: t('push.ai.lastError'), dataIndex: 'lastError', render: (v?: string | null) => v || '-' },
      ]}
    />
  );
}

/** Per-recipient outcome of a message: status, reason, platform id; dead ones replayable. */
function Deliveries(props: { messageID: string; canWrite: boolean; onReplayed: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const [res, refetch] = useQuery({ query: DeliveriesQuery, variables: { messageID: props.messageID, first: 200 }, requestPolicy: 'network-only' });
  const rows = nodes(res.data?.deliveries);
  // A delivery's error code is its app's platform's (Feishu and WeCom codes overlap).
  // quiet: without it the reason is still shown, by the Feishu table's words.
  const [appsRes] = useQuery({ query: PushAppsQuery, context: QUIET });
  const platformOf = (appID: string) => nodes(appsRes.data?.apps).find((a) => a.id === appID)?.corp.platform;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={res.fetching}
      dataSource={rows}
      pagination={false}
      data-testid="push-deliveries"
      columns={[
        { title: t('push.d.recipient'), dataIndex: 'recipient' },
        { title: t('push.target.type'), dataIndex: 'messageType', render: (v: string) => t(`push.type.${v}` as MessageKey) },
        {
          title: t('push.d.status'),
          dataIndex: 'status',
          render: (v: string) => (
            <Tag color={DELIVERY_COLOR[v]} data-testid="push-delivery-status">
              {t(`push.ds.${v}` as MessageKey)}
            </Tag>
          ),
        },
        { title: t('push.d.reason'), dataIndex: 'reason', render: (v: string | null | undefined, r) =>
            // By the platform's code in the console's language; the server's words as a tooltip.
            r.errorCode ? <PlatformText code={r.errorCode} message={v} platform={platformOf(r.appID)} /> : (v ?? '-'),
        },
        { title: t('push.d.platformID'), dataIndex: 'platformMessageID', render: (v?: string | null) => (v ? <Typography.Text code copyable>{v}</Typography.Text> : '-') },
        { title: t('push.d.attempts'), dataIndex: 'attempts' },
        { title: t('push.d.card'), dataIndex: 'cardState', render: (v: string) => t(`push.card.${v}` as MessageKey) },
        { title: t('push.ai.task'), dataIndex: 'approvalTaskState', render: (v?: string | null) => (v ? t(`push.ai.t.${v}` as MessageKey) : '-') },
        { title: t('push.d.action'), dataIndex: 'action', render: (v?: string | null) => v || '-' },
        {
          title: t('common.actions'),
          render: (_: unknown, r) =>
            props.canWrite && (r.status === 'dead' || r.status === 'failed') ? (
              <Popconfirm
                title={t('push.d.confirmReplay')}
                onConfirm={async () => {
                  if (await submit(ReplayDeliveryMutation, { id: r.id })) {
                    message.success(t('push.d.replayedOne'));
                    refetch();
                    props.onReplayed(); // the message's own status and counters change too
                  }
                }}
              >
                <a>{t('push.d.replay')}</a>
              </Popconfirm>
            ) : null,
        },
      ]}
    />
  );
}

/** The message log: what the OA pushed, its progress, and per-recipient detail on expanding a row. */
export function MessagesTable(props: { canWrite: boolean }) {
  const t = useT();
  const query = useQueryFn();
  const ref = useRef<ActionType>(null);
  const reload = () => ref.current?.reload();
  // A message being delivered is followed live: the table reloads every 2 s;
  // otherwise every 16 s, so that what the OA pushes after the page opened
  // appears without a refresh.
  const live = useRef(false);
  useEffect(() => {
    let idle = 0;
    const id = setInterval(() => {
      idle += 2000;
      if (live.current || idle >= 16_000) {
        idle = 0;
        reload();
      }
    }, 2000);
    return () => clearInterval(id);
  }, []);
  const columns: ProColumns<Row>[] = [
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', search: false },
    { title: t('push.msg.source'), dataIndex: 'source' },
    { title: t('push.msg.title'), dataIndex: 'title', render: (_, r) => <span data-testid="push-message-title">{r.title}</span> },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(STATUSES.map((s) => [s, { text: t(`push.status.${s}` as MessageKey) }])),
      // A message that reached nobody says why (the server's words) beside its status.
      render: (_, r) => (
        <>
          <Tag color={STATUS_COLOR[r.status]} data-testid="push-message-status">
            {t(`push.status.${r.status}` as MessageKey)}
          </Tag>
          {r.statusReason ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="push-message-reason">
              {r.statusReason}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    { title: t('push.msg.progress'), search: false, render: (_, r) => <MessageProgress row={r} /> },
    { title: t('push.msg.todo'), dataIndex: 'todoState', search: false, render: (_, r) => t(`push.todo.${r.todoState}` as MessageKey) },
    { title: t('push.msg.key'), dataIndex: 'idempotencyKey', search: false, copyable: true, ellipsis: true },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_, r) =>
        props.canWrite
          ? [
              r.failed > 0 && r.status !== 'recalled' && (
                <ConfirmLink
                  key="replay"
                  title={t('push.msg.confirmReplayDead')}
                  mutation={ReplayDeadDeliveriesMutation}
                  variables={{ id: r.id }}
                  success={(d) => t('push.msg.replayed', { count: d.replayDeadDeliveries.count })}
                  testId="push-replay-failed"
                  onDone={reload}
                >
                  {t('push.msg.replayDead')}
                </ConfirmLink>
              ),
              r.status !== 'recalled' && (
                <ConfirmLink
                  key="recall"
                  title={t('push.msg.confirmRecall')}
                  mutation={RecallMessageMutation}
                  variables={{ id: r.id }}
                  success={t('push.msg.recalled')}
                  onDone={reload}
                >
                  {t('push.msg.recall')}
                </ConfirmLink>
              ),
            ]
          : [],
    },
  ];
  return (
    <ListTable
      actionRef={ref}
      columns={columns}
      expandable={{ expandedRowRender: (r: Row) => (
          <>
            <ApprovalInstances messageID={r.id} />
            <Deliveries messageID={r.id} canWrite={props.canWrite} onReplayed={reload} />
          </>
        ) }}
      where={(p): MessageWhereInput => ({
        status: (p.status as MessageStatus) || undefined,
        sourceContains: p.source || undefined,
        titleContains: p.title || undefined,
      })}
      fetch={async (vars) => {
        const conn = (await query(MessagesQuery, vars))?.messages;
        live.current = nodes(conn).some((m) => m.status === 'queued' || m.status === 'delivering');
        return conn;
      }}
    />
  );
}
