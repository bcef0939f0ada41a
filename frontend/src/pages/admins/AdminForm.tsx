import type { ReactElement } from 'react';
import { ModalForm, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { Form } from 'antd';
import { useSubmit } from '../../api/useSubmit';
import { useAdmin } from '../../auth/AuthProvider';
import { useTenant } from '../../tenant/TenantProvider';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { CreateAdminMutation } from './operations';
import type { AdminRole } from '../../gql/graphql';

interface Values {
  username: string;
  displayName?: string;
  password: string;
  role: AdminRole;
}

/** Roles an admin may hand out: nobody but a super admin creates super admins. */
export function assignableRoles(own: AdminRole): AdminRole[] {
  return own === 'super_admin'
    ? ['super_admin', 'tenant_admin', 'operator', 'viewer']
    : ['tenant_admin', 'operator', 'viewer'];
}

/** Creates a console account in the current tenant (or a super admin). */
export function AdminForm(props: { trigger: ReactElement; onDone: () => void }) {
  const t = useT();
  const me = useAdmin();
  const { tenantId } = useTenant();
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  return (
    <ModalForm<Values>
      title={t('admins.create')}
      trigger={props.trigger}
      form={form}
      name="admin"
      initialValues={{ role: 'operator' }}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        // A super admin's account has no tenant; everyone else joins the current one.
        const tenantID = v.role === 'super_admin' ? undefined : (tenantId ?? undefined);
        const ok = await submit(CreateAdminMutation, { input: { ...v, tenantID } }, form);
        if (ok) props.onDone();
        return !!ok;
      }}
    >
      <ProFormText name="username" label={t('admins.username')} rules={[{ required: true }]} />
      <ProFormText name="displayName" label={t('admins.displayName')} />
      <ProFormText.Password
        name="password"
        label={t('admins.password')}
        tooltip={t('admins.passwordHelp')}
        fieldProps={{ autoComplete: 'new-password' }}
        rules={[{ required: true }, { min: 10, message: t('admins.passwordHelp') }]}
      />
      <ProFormSelect
        name="role"
        label={t('admins.role')}
        rules={[{ required: true }]}
        options={assignableRoles(me.role).map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
      />
    </ModalForm>
  );
}
