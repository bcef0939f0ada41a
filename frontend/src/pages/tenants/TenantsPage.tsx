import { useRef } from 'react';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Popconfirm, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/I18nProvider';
import { useTenant } from '../../tenant/TenantProvider';
import { useCursorPages, type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { DeleteTenantMutation, TenantsQuery } from './operations';
import { useSubmit } from '../../api/useSubmit';
import { TenantForm } from './TenantForm';
import type { TenantsQuery as Data } from '../../gql/graphql';

type Row = NodeOf<Data['tenants']>;

/** Super admins: list, create and rename tenants, and jump into one. */
export function TenantsPage() {
  const t = useT();
  const { tenantId, setTenantId } = useTenant();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  const submit = useSubmit();
  const { message } = App.useApp();
  const reload = () => action.current?.reload();

  const columns: ProColumns<Row>[] = [
    { title: t('tenants.name'), dataIndex: 'name' },
    { title: t('tenants.slug'), dataIndex: 'slug', copyable: true },
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', search: false },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_, row) => (
        <Space>
          <TenantForm tenant={row} onDone={reload} trigger={<a>{t('common.edit')}</a>} />
          {row.id !== tenantId && <a onClick={() => setTenantId(row.id)}>{t('tenants.use')}</a>}
          {/* The server refuses tenants that still hold data; the message says why. */}
          <Popconfirm
            title={t('common.confirmDelete')}
            onConfirm={async () => {
              if (await submit(DeleteTenantMutation, { id: row.id })) {
                if (row.id === tenantId) setTenantId(null);
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
    <PageContainer title={t('tenants.title')}>
      <ProTable<Row>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20 }}
        request={async ({ current = 1, pageSize = 20, name, slug }) => {
          const where = { nameContainsFold: name || undefined, slugContainsFold: slug || undefined };
          return pages(JSON.stringify(where), current, pageSize, async (after, first) => {
            const data = await query(TenantsQuery, { first, after, where });
            return data?.tenants;
          });
        }}
        toolBarRender={() => [
          <TenantForm
            key="create"
            onDone={reload}
            trigger={
              <Button type="primary" icon={<PlusOutlined />}>
                {t('tenants.create')}
              </Button>
            }
          />,
        ]}
      />
    </PageContainer>
  );
}
