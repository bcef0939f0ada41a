import { useRef, useState } from 'react';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { App, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../../i18n/I18nProvider';
import type { NodeOf } from '../../../api/cursorPages';
import { useQueryFn } from '../../../api/useQueryFn';
import { useSubmit } from '../../../api/useSubmit';
import { ListTable } from '../../../components/ListTable';
import { ConfirmLink } from '../../../components/ConfirmLink';
import { CreateButton } from '../../../components/CreateButton';
import {
  DeleteWebhookEndpointMutation,
  ReplayDeadWebhookDeliveriesMutation,
  RotateWebhookSecretMutation,
  SendWebhookTestMutation,
  WebhookEndpointsQuery,
} from './operations';
import { EndpointForm } from './EndpointForm';
import { SecretModal } from './SecretModal';
import type { WebhookEndpointsQuery as Data } from '../../../gql/graphql';

type Row = NodeOf<Data['webhookEndpoints']>;

/** The tenant's OA endpoints: create (secret shown once), edit, test, rotate, replay dead letters, delete. */
export function EndpointsTable(props: { canWrite: boolean; onChange: () => void }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const submit = useSubmit();
  const [secret, setSecret] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const reload = () => {
    action.current?.reload();
    props.onChange();
  };

  const sendTest = async (id: string) => {
    setTesting(id);
    const data = await submit(SendWebhookTestMutation, { id });
    setTesting(null);
    const r = data?.sendWebhookTest;
    if (!r) return;
    if (r.ok) {
      message.success(t('webhooks.testOk', { status: r.httpStatus ?? '', ms: r.durationMs }));
    } else {
      modal.error({ title: t('webhooks.testFailed'), content: r.error ?? `HTTP ${r.httpStatus}` });
    }
    props.onChange();
  };

  const columns: ProColumns<Row>[] = [
    { title: t('webhooks.name'), dataIndex: 'name' },
    { title: t('webhooks.url'), dataIndex: 'url', search: false, ellipsis: true, copyable: true },
    {
      title: t('common.status'),
      dataIndex: 'enabled',
      search: false,
      render: (_, row) =>
        row.enabled ? <Tag color="green">{t('webhooks.enabled')}</Tag> : <Tag>{t('webhooks.disabled')}</Tag>,
    },
    {
      title: t('webhooks.eventTypes'),
      dataIndex: 'eventTypes',
      search: false,
      render: (_, row) =>
        row.eventTypes?.length ? (
          <Space size={[0, 4]} wrap>
            {row.eventTypes.map((e) => (
              <Tag key={e}>{e}</Tag>
            ))}
          </Space>
        ) : (
          t('webhooks.allEvents')
        ),
    },
    {
      title: t('webhooks.secret'),
      dataIndex: 'secretHint',
      search: false,
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          <Typography.Text code>{row.secretHint}</Typography.Text>
          {row.previousSecretExpiresAt && dayjs(row.previousSecretExpiresAt).isAfter(dayjs()) && (
            <Typography.Text type="secondary">
              {t('webhooks.previousUntil', { at: dayjs(row.previousSecretExpiresAt).format('YYYY-MM-DD HH:mm') })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('webhooks.status.dead'),
      dataIndex: ['dead', 'totalCount'],
      search: false,
      render: (_, row) => (row.dead.totalCount > 0 ? <Tag color="red">{row.dead.totalCount}</Tag> : 0),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', search: false },
    {
      title: t('common.actions'),
      valueType: 'option',
      hideInTable: !props.canWrite,
      render: (_, row) => (
        <Space wrap>
          <a onClick={() => sendTest(row.id)} aria-disabled={testing === row.id} data-testid={`webhook-test-${row.name}`}>
            {t('webhooks.test')}
          </a>
          <EndpointForm endpoint={row} onDone={reload} trigger={<a>{t('common.edit')}</a>} />
          <ConfirmLink
            title={t('webhooks.confirmRotate')}
            mutation={RotateWebhookSecretMutation}
            variables={{ id: row.id }}
            success={t('common.saved')}
            onDone={(d) => {
              setSecret(d.rotateWebhookSecret.secret);
              reload();
            }}
          >
            {t('webhooks.rotate')}
          </ConfirmLink>
          {row.dead.totalCount > 0 && (
            <ConfirmLink
              title={t('webhooks.confirmReplayDead')}
              mutation={ReplayDeadWebhookDeliveriesMutation}
              variables={{ endpointID: row.id }}
              success={t('webhooks.replayedOne')}
              onDone={reload}
            >
              {t('webhooks.replayDead')}
            </ConfirmLink>
          )}
          <ConfirmLink
            title={t('webhooks.confirmDelete')}
            mutation={DeleteWebhookEndpointMutation}
            variables={{ id: row.id }}
            success={t('common.deleted')}
            onDone={reload}
          >
            {t('common.delete')}
          </ConfirmLink>
        </Space>
      ),
    },
  ];

  return (
    <>
      <ListTable
        actionRef={action}
        columns={columns}
        where={({ name }) => ({ nameContainsFold: name || undefined })}
        fetch={async (vars) => (await query(WebhookEndpointsQuery, vars))?.webhookEndpoints}
        toolbar={
          props.canWrite && (
            <EndpointForm
              onDone={reload}
              onCreated={setSecret}
              trigger={<CreateButton data-testid="webhook-create">{t('webhooks.create')}</CreateButton>}
            />
          )
        }
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}
