import { useRef } from 'react';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Space } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { useTenant } from '../../tenant/TenantProvider';
import type { NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { DeleteTenantMutation, TenantsQuery } from './operations';
import { ListTable } from '../../components/ListTable';
import { ConfirmLink } from '../../components/ConfirmLink';
import { CreateButton } from '../../components/CreateButton';
import { TenantForm } from './TenantForm';
import type { TenantsQuery as Data } from '../../gql/graphql';

type Row = NodeOf<Data['tenants']>;

/** Super admins: list, create and rename tenants, and jump into one. */
export function TenantsPage() {
  const t = useT();
  const { tenantId, setTenantId } = useTenant();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
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
          <ConfirmLink
            title={t('common.confirmDelete')}
            mutation={DeleteTenantMutation}
            variables={{ id: row.id }}
            success={t('common.deleted')}
            onDone={() => {
              if (row.id === tenantId) setTenantId(null);
              reload();
            }}
          >
            {t('common.delete')}
          </ConfirmLink>
        </Space>
      ),
    },
  ];

  return (
    <PageContainer title={t('tenants.title')}>
      <ListTable
        actionRef={action}
        columns={columns}
        where={({ name, slug }) => ({ nameContainsFold: name || undefined, slugContainsFold: slug || undefined })}
        fetch={async (vars) => (await query(TenantsQuery, vars))?.tenants}
        toolbar={<TenantForm onDone={reload} trigger={<CreateButton>{t('tenants.create')}</CreateButton>} />}
      />
    </PageContainer>
  );
}
