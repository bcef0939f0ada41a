import { useMemo, useRef } from 'react';
import { useClient, useQuery } from 'urql';
import { nodes } from '../../api/cursorPages';
import { TenantsQuery } from '../tenants/operations';
import { ALL_TENANTS } from '../../api/client';
import { ResetPasswordForm } from './PasswordForms';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Select, Space, Switch, Tag } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useAdmin } from '../../auth/AuthProvider';
import type { NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { useSubmit } from '../../api/useSubmit';
import { ListTable } from '../../components/ListTable';
import { ConfirmLink } from '../../components/ConfirmLink';
import { CreateButton } from '../../components/CreateButton';
import { AdminsQuery, DeleteAdminMutation, UpdateAdminMutation } from './operations';
import { AdminForm, assignableRoles } from './AdminForm';
import type { AdminRole, AdminsQuery as Data } from '../../gql/graphql';

type Row = NodeOf<Data['admins']>;

/** The tenant filter's value for accounts without a tenant (super admins). */
const NO_TENANT = 'none';

/** Console accounts: create with role and password, change role, disable, delete. */
export function AdminsPage() {
  const t = useT();
  const me = useAdmin();
  const { message } = App.useApp();
  const action = useRef<ActionType>(null);
  const { modal } = App.useApp();
  const query = useQueryFn();
  const client = useClient();
  const submit = useSubmit();
  const reload = () => action.current?.reload();
  // A super admin manages every account, whatever tenant is picked: the
  // list and its changes go without the tenant header.
  const scope = me.role === 'super_admin' ? ALL_TENANTS : undefined;
  // The tenant filter's choices (a super admin's only: the others see their own tenant's accounts).
  const [tenantsRes] = useQuery({
    query: TenantsQuery,
    variables: { first: 200 },
    pause: !scope,
    context: useMemo(() => ({ ...ALL_TENANTS, additionalTypenames: ['Tenant'] }), []),
  });
  // Memoised: a new options array each render would reset the search form's field.
  const tenants = tenantsRes.data?.tenants;
  const tenantOptions = useMemo(
    () => [
      { value: NO_TENANT, label: t('admins.noTenantFilter') },
      ...nodes(tenants).map((tn) => ({ value: tn.id, label: tn.name })),
    ],
    [tenants, t],
  );

  const update = async (id: string, input: { role?: AdminRole; disabled?: boolean }) => {
    if (await submit(UpdateAdminMutation, { id, input }, undefined, undefined, scope)) {
      message.success(t('common.saved'));
      reload();
    }
  };
  // A role change takes effect at once and ends the account's sessions: ask first.
  const confirmRole = (row: Row, role: AdminRole) =>
    modal.confirm({
      title: t('admins.confirmRole', {
        user: row.username,
        from: t(`role.${row.role}` as MessageKey),
        to: t(`role.${role}` as MessageKey),
      }),
      content: t('admins.confirmRoleHelp'),
      onOk: () => update(row.id, { role }),
    });
  const roleOptions = assignableRoles(me.role).map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }));

  const columns: ProColumns<Row>[] = [
    {
      title: t('admins.username'),
      dataIndex: 'username',
      render: (_, row) => (
        <Space>
          {row.username}
          {row.id === me.id && <Tag color="blue">{t('admins.self')}</Tag>}
        </Space>
      ),
    },
    { title: t('admins.displayName'), dataIndex: 'displayName', search: false },
    {
      title: t('admins.role'),
      dataIndex: 'role',
      search: false,
      // Changing one's own role could lock the last admin out; the server
      // enforces it too, the UI just doesn't offer it.
      render: (_, row) => (
        <Select
          size="small"
          style={{ width: 140 }}
          aria-label={t('admins.changeRole')}
          value={row.role}
          disabled={row.id === me.id}
          options={roleOptions}
          onChange={(role) => confirmRole(row, role)}
        />
      ),
    },
    {
      title: t('admins.tenant'),
      // The column shows the tenant's name; its search field filters by it.
      dataIndex: 'tenantFilter',
      valueType: 'select',
      search: scope ? undefined : false,
      fieldProps: { options: tenantOptions, showSearch: true, optionFilterProp: 'label' },
      render: (_, row) => row.tenant?.name ?? t('admins.noTenant'),
    },
    {
      title: t('common.status'),
      dataIndex: 'disabled',
      search: false,
      render: (_, row) => (
        <Switch
          size="small"
          checked={!row.disabled}
          disabled={row.id === me.id}
          checkedChildren={t('admins.enabled')}
          unCheckedChildren={t('admins.disabled')}
          onChange={(enabled) => update(row.id, { disabled: !enabled })}
        />
      ),
    },
    { title: t('admins.lastLogin'), dataIndex: 'lastLoginAt', valueType: 'dateTime', search: false },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_, row) =>
        row.id === me.id ? null : (
          <Space>
            <ResetPasswordForm
              id={row.id}
              username={row.username}
              context={scope}
              trigger={<a data-testid={`reset-password-${row.username}`}>{t('admins.resetPassword')}</a>}
            />
            <ConfirmLink
              title={t('common.confirmDelete')}
              mutation={DeleteAdminMutation}
              variables={{ id: row.id }}
              success={t('common.deleted')}
              onDone={reload}
              context={scope}
            >
              {t('common.delete')}
            </ConfirmLink>
          </Space>
        ),
    },
  ];

  return (
    <PageContainer title={t('admins.title')} subTitle={scope ? t('admins.allTenants') : undefined}>
      <ListTable
        actionRef={action}
        columns={columns}
        where={({ username, tenantFilter }) => ({
          usernameContainsFold: username || undefined,
          tenantID: tenantFilter && tenantFilter !== NO_TENANT ? tenantFilter : undefined,
          tenantIDIsNil: tenantFilter === NO_TENANT ? true : undefined,
        })}
        fetch={async (vars) =>
          scope
            ? (await client.query(AdminsQuery, vars, { ...scope, requestPolicy: 'network-only' }).toPromise()).data?.admins
            : (await query(AdminsQuery, vars))?.admins
        }
        toolbar={<AdminForm onDone={reload} trigger={<CreateButton>{t('admins.create')}</CreateButton>} />}
      />
    </PageContainer>
  );
}
