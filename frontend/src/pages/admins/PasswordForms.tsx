import type { ReactElement } from 'react';
import { ModalForm, ProFormText } from '@ant-design/pro-components';
import { App, Form } from 'antd';
import type { OperationContext } from 'urql';
import { useSubmit } from '../../api/useSubmit';
import { useT } from '../../i18n/I18nProvider';
import { ChangePasswordMutation, UpdateAdminMutation } from './operations';

/** The new password twice; the second must match. */
function NewPasswordFields(props: { name: string }) {
  const t = useT();
  return (
    <>
      <ProFormText.Password
        name={props.name}
        label={t('password.new')}
        fieldProps={{ autoComplete: 'new-password' }}
        rules={[{ required: true }, { min: 10, message: t('admins.passwordHelp') }]}
      />
      <ProFormText.Password
        name="confirm"
        label={t('password.confirm')}
        fieldProps={{ autoComplete: 'new-password' }}
        dependencies={[props.name]}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, v) => (!v || v === getFieldValue(props.name) ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
          }),
        ]}
      />
    </>
  );
}

/** Any console account changes its own password (user menu). */
export function ChangePasswordForm(props: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <ModalForm
      title={t('password.change')}
      open={props.open}
      onOpenChange={props.onOpenChange}
      form={form}
      name="change-password"
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v: { currentPassword: string; newPassword: string }) => {
        const ok = await submit(ChangePasswordMutation, { input: { currentPassword: v.currentPassword, newPassword: v.newPassword } }, form);
        if (ok) message.success(t('password.changed'));
        return !!ok;
      }}
    >
      <ProFormText.Password
        name="currentPassword"
        label={t('password.current')}
        fieldProps={{ autoComplete: 'current-password' }}
        rules={[{ required: true }]}
      />
      <NewPasswordFields name="newPassword" />
    </ModalForm>
  );
}

/** An admin sets another account's password (the account's sessions end). */
export function ResetPasswordForm(props: { id: string; username: string; trigger: ReactElement; context?: Partial<OperationContext> }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <ModalForm
      title={t('password.reset', { user: props.username })}
      trigger={props.trigger}
      form={form}
      name="reset-password"
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v: { password: string }) => {
        const ok = await submit(UpdateAdminMutation, { id: props.id, input: { password: v.password } }, form, undefined, props.context);
        if (ok) message.success(t('password.resetDone', { user: props.username }));
        return !!ok;
      }}
    >
      <NewPasswordFields name="password" />
    </ModalForm>
  );
}
