import type { RefObject } from 'react';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { Popover, Tag, Typography } from 'antd';
import { useQuery } from 'urql';
import { useT, type MessageKey } from '../../../i18n/I18nProvider';
import { nodes, type NodeOf } from '../../../api/cursorPages';
import { useQueryFn } from '../../../api/useQueryFn';
import { ListTable } from '../../../components/ListTable';
import { ConfirmLink } from '../../../components/ConfirmLink';
import { ReplayWebhookDeliveryMutation, WebhookDeliveriesQuery, WebhookEndpointOptionsQuery } from './operations';
import type {
  WebhookDeliveriesQuery as Data,
  WebhookDeliveryStatus,
  WebhookDeliveryWhereInput,
} from '../../../gql/graphql';

type Row = NodeOf<Data['webhookDeliveries']>;

const STATUSES: WebhookDeliveryStatus[] = ['pending', 'delivered', 'failed', 'dead'];
const STATUS_COLOR: Record<WebhookDeliveryStatus, string> = {
  pending: 'blue',
  delivered: 'green',
  failed: 'orange',
  dead: 'red',
};

function prettyJSON(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}

/** Every event queued for the tenant's endpoints, filterable; dead and failed ones can be replayed. */
export function DeliveriesTable(props: { actionRef: RefObject<ActionType | null>; canWrite: boolean }) {
  const t = useT();
  const query = useQueryFn();
  const [options] = useQuery({ query: WebhookEndpointOptionsQuery });
  const reload = () => props.actionRef.current?.reload();

  const columns: ProColumns<Row>[] = [
    {
      title: t('webhooks.queuedAt'),
      dataIndex: 'createdAt',
      valueType: 'dateTimeRange',
      render: (_, row) => new Date(row.createdAt).toLocaleString(),
      search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) },
    },
    {
      title: t('webhooks.endpoint'),
      dataIndex: 'endpointID',
      valueType: 'select',
      valueEnum: Object.fromEntries(nodes(options.data?.webhookEndpoints).map((e) => [e.id, { text: e.name }])),
      render: (_, row) => row.endpoint.name,
    },
    {
      title: t('webhooks.event'),
      dataIndex: 'type',
      valueType: 'select',
      valueEnum: Object.fromEntries((options.data?.webhookEventTypes ?? []).map((e) => [e.name, { text: e.name }])),
      render: (_, row) => <Typography.Text code>{row.type}</Typography.Text>,
    },
    { title: t('webhooks.subject'), dataIndex: 'subject', search: false },
    { title: t('webhooks.sequence'), dataIndex: 'sequence', search: false },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(STATUSES.map((s) => [s, { text: t(`webhooks.status.${s}` as MessageKey) }])),
      render: (_, row) => (
        <Tag color={STATUS_COLOR[row.status]} data-testid="webhook-delivery-status">
          {t(`webhooks.status.${row.status}` as MessageKey)}
        </Tag>
      ),
    },
    { title: t('webhooks.attempts'), dataIndex: 'attempts', search: false },
    {
      title: t('webhooks.lastStatus'),
      dataIndex: 'lastHTTPStatus',
      search: false,
      render: (_, row) => row.lastHTTPStatus ?? '-',
    },
    { title: t('webhooks.lastError'), dataIndex: 'lastError', search: false, ellipsis: true },
    { title: t('webhooks.nextAttemptAt'), dataIndex: 'nextAttemptAt', valueType: 'dateTime', search: false },
    { title: t('webhooks.deliveredAt'), dataIndex: 'deliveredAt', valueType: 'dateTime', search: false },
    { title: t('webhooks.eventID'), dataIndex: 'eventID', search: false, copyable: true, ellipsis: true },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_, row) => [
        <Popover
          key="payload"
          trigger="click"
          content={<pre style={{ maxWidth: 560, maxHeight: 400, overflow: 'auto', margin: 0 }}>{prettyJSON(row.payload)}</pre>}
        >
          <a>{t('webhooks.payload')}</a>
        </Popover>,
        props.canWrite && (row.status === 'dead' || row.status === 'failed') && (
          <ConfirmLink
            key="replay"
            title={t('webhooks.confirmReplay')}
            mutation={ReplayWebhookDeliveryMutation}
            variables={{ id: row.id }}
            success={t('webhooks.replayedOne')}
            onDone={reload}
          >
            {t('webhooks.replay')}
          </ConfirmLink>
        ),
      ],
    },
  ];

  return (
    <ListTable
      actionRef={props.actionRef}
      columns={columns}
      where={(p): WebhookDeliveryWhereInput => ({
        status: (p.status as WebhookDeliveryStatus) || undefined,
        type: p.type || undefined,
        endpointID: p.endpointID || undefined,
        createdAtGTE: p.from || undefined,
        createdAtLTE: p.to || undefined,
      })}
      fetch={async (vars) => (await query(WebhookDeliveriesQuery, vars))?.webhookDeliveries}
    />
  );
}
