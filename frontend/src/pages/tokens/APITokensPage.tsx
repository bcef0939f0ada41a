import { useRef, useState } from 'react';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Space, Tag, Typography, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { scopeText } from './scopes';
import { useT } from '../../i18n/I18nProvider';
import type { NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { ListTable } from '../../components/ListTable';
import { ConfirmLink } from '../../components/ConfirmLink';
import { CreateButton } from '../../components/CreateButton';
import { APITokensQuery, DeleteAPITokenMutation } from './operations';
import { TokenForm } from './TokenForm';
import { TokenRevealModal } from './TokenRevealModal';
import type { ApiTokensQuery as Data } from '../../gql/graphql';

type Row = NodeOf<Data['apiTokens']>;

/** Tokens for OA systems and tools: list, create (shown once), revoke. */
export function APITokensPage() {
  const t = useT();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
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
            <Tooltip key={s} title={s}>
              <Tag data-scope={s}>{scopeText(t, s)}</Tag>
            </Tooltip>
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
        <ConfirmLink
          title={t('tokens.confirmRevoke')}
          mutation={DeleteAPITokenMutation}
          variables={{ id: row.id }}
          success={t('tokens.revoked')}
          onDone={reload}
        >
          {t('tokens.revoke')}
        </ConfirmLink>
      ),
    },
  ];

  return (
    <PageContainer title={t('tokens.title')}>
      <ListTable
        actionRef={action}
        columns={columns}
        where={({ name }) => ({ nameContainsFold: name || undefined })}
        fetch={async (vars) => (await query(APITokensQuery, vars))?.apiTokens}
        toolbar={
          <TokenForm
            onCreated={(token) => {
              setRevealed(token);
              reload();
            }}
            trigger={<CreateButton>{t('tokens.create')}</CreateButton>}
          />
        }
      />
      <TokenRevealModal token={revealed} onClose={() => setRevealed(null)} />
    </PageContainer>
  );
}
