import { useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Popconfirm, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useCursorPages, type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { useSubmit } from '../../api/useSubmit';
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
  const { message } = App.useApp();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  const submit = useSubmit();
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
          <Popconfirm
            title={t('corps.confirmDelete')}
            onConfirm={async () => {
              if (await submit(DeleteCorpMutation, { id: row.id })) {
                message.success(t('common.deleted'));
                reload();
              }
            }}
          >
            <a>{t('common.delete')}</a>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <PageContainer title={t('corps.title')}>
      <ProTable<Row>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20 }}
        request={async ({ current = 1, pageSize = 20, name, platform }) => {
          const where = { nameContainsFold: name || undefined, platform: platform || undefined };
          return pages(JSON.stringify(where), current, pageSize, async (after, first) => {
            const data = await query(CorpsQuery, { first, after, where });
            return data?.corps;
          });
        }}
        toolBarRender={() => [
          canWrite && <CorpForm
            key="create"
            onDone={(id) => navigate(`/integrations/${id}`)}
            trigger={
              <Button type="primary" icon={<PlusOutlined />}>
                {t('corps.create')}
              </Button>
            }
          />,
        ]}
      />
    </PageContainer>
  );
}
