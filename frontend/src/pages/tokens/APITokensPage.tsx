import { useRef, useState } from 'react';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT } from '../../i18n/I18nProvider';
import { useCursorPages, type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { useSubmit } from '../../api/useSubmit';
import { APITokensQuery, DeleteAPITokenMutation } from './operations';
import { TokenForm } from './TokenForm';
import { TokenRevealModal } from './TokenRevealModal';
import type { ApiTokensQuery as Data } from '../../gql/graphql';

type Row = NodeOf<Data['apiTokens']>;

/** Tokens for OA systems and tools: list, create (shown once), revoke. */
export function APITokensPage() {
  const t = useT();
  const { message } = App.useApp();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  const submit = useSubmit();
  const [revealed, setRevealed] = useState<string | null>(null);
  const reload = () => action.current?.reload();

  const columns: ProColumns<Row>[] = [
    { title: t('tokens.name'), dataIndex: 'name' },
    {
      title: t('tokens.prefix'),
      dataIndex: 'prefix',
      search: false,
      render: (_, row) => <Typography.Text code>{row.prefix}…</Typography.Text>,
    },
    {
      title: t('tokens.scopes'),
      dataIndex: 'scopes',
      search: false,
      render: (_, row) => (
        <Space size={[0, 4]} wrap>
          {row.scopes.map((s) => (
            <Tag key={s}>{s}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('tokens.expiresAt'),
      dataIndex: 'expiresAt',
      search: false,
      render: (_, row) => {
        if (!row.expiresAt) return t('tokens.noExpiry');
        const at = dayjs(row.expiresAt);
        return (
          <Space>
            {at.format('YYYY-MM-DD HH:mm')}
            {at.isBefore(dayjs()) && <Tag color="red">{t('tokens.expired')}</Tag>}
          </Space>
        );
      },
    },
    {
      title: t('tokens.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      search: false,
      render: (_, row) => (row.lastUsedAt ? dayjs(row.lastUsedAt).format('YYYY-MM-DD HH:mm') : t('common.never')),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', search: false },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_, row) => (
        <Popconfirm
          title={t('tokens.confirmRevoke')}
          onConfirm={async () => {
            if (await submit(DeleteAPITokenMutation, { id: row.id })) {
              message.success(t('tokens.revoked'));
              reload();
            }
          }}
        >
          <a>{t('tokens.revoke')}</a>
        </Popconfirm>
      ),
    },
  ];

  return (
    <PageContainer title={t('tokens.title')}>
      <ProTable<Row>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20 }}
        request={async ({ current = 1, pageSize = 20, name }) => {
          const where = { nameContainsFold: name || undefined };
          return pages(JSON.stringify(where), current, pageSize, async (after, first) => {
            const data = await query(APITokensQuery, { first, after, where });
            return data?.apiTokens;
          });
        }}
        toolBarRender={() => [
          <TokenForm
            key="create"
            onCreated={(token) => {
              setRevealed(token);
              reload();
            }}
            trigger={
              <Button type="primary" icon={<PlusOutlined />}>
                {t('tokens.create')}
              </Button>
            }
          />,
        ]}
      />
      <TokenRevealModal token={revealed} onClose={() => setRevealed(null)} />
    </PageContainer>
  );
}
