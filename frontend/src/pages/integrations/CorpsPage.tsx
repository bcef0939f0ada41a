import { useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Space, Tag } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import type { NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { ListTable } from '../../components/ListTable';
import { ConfirmLink } from '../../components/ConfirmLink';
import { CreateButton } from '../../components/CreateButton';
import { usePermission } from '../../auth/usePermission';
import { CorpsQuery, DeleteCorpMutation } from './operations';
import { CorpForm } from './CorpForm';
import { PLATFORM_COLOR, PLATFORMS } from './platforms';
import type { CorpPlatform, CorpsQuery as Data } from '../../gql/graphql';

type Row = NodeOf<Data['corps']>;

/** The tenant's enterprises on IM platforms; each opens to its apps. */
export function CorpsPage() {
  const t = useT();
  const navigate = useNavigate();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const reload = () => action.current?.reload();
  const canWrite = usePermission('integration:write');
  const platformLabel = (p: CorpPlatform) => t(`platform.${p}` as MessageKey);

  const columns: ProColumns<Row>[] = [
    { title: t('corps.name'), dataIndex: 'name', render: (_, row) => <Link to={`/integrations/${row.id}`}>{row.name}</Link> },
    {
      title: t('corps.platform'),
      dataIndex: 'platform',
      valueType: 'select',
      valueEnum: Object.fromEntries(PLATFORMS.map((p) => [p, { text: platformLabel(p) }])),
      render: (_, row) => <Tag color={PLATFORM_COLOR[row.platform]}>{platformLabel(row.platform)}</Tag>,
    },
    { title: t('corps.apiBaseURL'), dataIndex: 'apiBaseURL', search: false, ellipsis: true },
    { title: t('corps.corpID'), dataIndex: 'corpID', search: false },
    { title: t('corps.apps'), dataIndex: ['apps', 'totalCount'], search: false },
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', search: false },
    {
      title: t('common.actions'),
      valueType: 'option',
      hideInTable: !canWrite,
      render: (_, row) => (
        <Space>
          <CorpForm corp={row} onDone={reload} trigger={<a>{t('common.edit')}</a>} />
          <ConfirmLink
            title={t('corps.confirmDelete')}
            mutation={DeleteCorpMutation}
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
    <PageContainer
      title={t('corps.title')}
      extra={<Link to="/integrations/oa-webhooks">{t('webhooks.open')}</Link>}
    >
      <ListTable
        actionRef={action}
        columns={columns}
        where={({ name, platform }) => ({
          nameContainsFold: name || undefined,
          platform: (platform as CorpPlatform) || undefined,
        })}
        fetch={async (vars) => (await query(CorpsQuery, vars))?.corps}
        toolbar={
          canWrite && (
            <CorpForm
              onDone={(id) => navigate(`/integrations/${id}`)}
              trigger={<CreateButton>{t('corps.create')}</CreateButton>}
            />
          )
        }
      />
    </PageContainer>
  );
}
