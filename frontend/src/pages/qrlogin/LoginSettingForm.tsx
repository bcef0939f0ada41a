import type { ReactElement } from 'react';
import { ModalForm, ProFormDigit, ProFormSelect, ProFormSwitch } from '@ant-design/pro-components';
import { Form } from 'antd';
import { useSubmit } from '../../api/useSubmit';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { UpdateLoginSettingMutation } from './operations';

interface Values {
  enabled: boolean;
  appID?: string;
  allowedOrigins: string[];
  autoBindField: string;
  bindOnFirstLogin: boolean;
  passwordCheckEndpointID?: string;
  ticketTTLSeconds: number;
  consoleSignIn: boolean;
}

export interface ExistingSetting {
  enabled: boolean;
  appID?: string | null;
  allowedOrigins?: string[] | null;
  autoBindField: string;
  bindOnFirstLogin: boolean;
  passwordCheckEndpointID?: string | null;
  ticketTTLSeconds: number;
  consoleSignIn: boolean;
}

const FIELDS = ['none', 'mobile', 'email', 'employee_no'];

/** The auto-bind field is the sync profile's (seed 003 §4.2.4 (2)): it may name a custom attribute, shown as it is. */
function fieldOptions(current: string, label: (f: string) => string) {
  const fields = FIELDS.includes(current) ? FIELDS : [...FIELDS, current];
  return fields.map((f) => ({ value: f, label: FIELDS.includes(f) ? label(f) : f }));
}

/** 扫码登录 › 设置: turn it on, choose the app, where tickets may go and how people bind. */
export function LoginSettingForm(props: {
  corpId: string;
  apps: { id: string; name: string }[];
  endpoints: { id: string; name: string }[];
  setting?: ExistingSetting;
  trigger: ReactElement;
  onDone: () => void;
}) {
  const t = useT();
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  const s = props.setting;
  const initial: Values = {
    enabled: s?.enabled ?? false,
    appID: s?.appID ?? props.apps[0]?.id,
    allowedOrigins: s?.allowedOrigins ?? [],
    autoBindField: s?.autoBindField ?? 'none',
    bindOnFirstLogin: s?.bindOnFirstLogin ?? false,
    passwordCheckEndpointID: s?.passwordCheckEndpointID ?? undefined,
    ticketTTLSeconds: s?.ticketTTLSeconds ?? 60,
    consoleSignIn: s?.consoleSignIn ?? false,
  };
  return (
    <ModalForm<Values>
      title={t('qrlogin.settings')}
      trigger={props.trigger}
      form={form}
      name="qrlogin"
      initialValues={initial}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const ok = await submit(
          UpdateLoginSettingMutation,
          {
            corpID: props.corpId,
            input: {
              ...v,
              appID: v.appID || undefined,
              clearApp: !v.appID,
              passwordCheckEndpointID: v.passwordCheckEndpointID || undefined,
              clearPasswordCheckEndpoint: !v.passwordCheckEndpointID,
            },
          },
          form,
        );
        if (ok) props.onDone();
        return !!ok;
      }}
    >
      <ProFormSwitch name="enabled" label={t('qrlogin.enabled')} />
      <ProFormSelect
        name="appID"
        label={t('qrlogin.app')}
        options={props.apps.map((a) => ({ value: a.id, label: a.name }))}
        fieldProps={{ allowClear: true }}
      />
      <ProFormSelect
        name="allowedOrigins"
        label={t('qrlogin.origins')}
        extra={t('qrlogin.originsExtra')}
        mode="tags"
        fieldProps={{ tokenSeparators: [' ', ','], open: false }}
      />
      <ProFormSelect
        name="autoBindField"
        label={t('qrlogin.autoBindField')}
        extra={t('qrlogin.autoBindFieldExtra')}
        options={fieldOptions(initial.autoBindField, (f) => t(`qrlogin.field.${f}` as MessageKey))}
      />
      <ProFormSwitch name="bindOnFirstLogin" label={t('qrlogin.bindOnFirstLogin')} />
      <ProFormSelect
        name="passwordCheckEndpointID"
        label={t('qrlogin.passwordCheck')}
        extra={t('qrlogin.passwordCheckExtra')}
        options={props.endpoints.map((e) => ({ value: e.id, label: e.name }))}
        fieldProps={{ allowClear: true }}
      />
      <ProFormDigit name="ticketTTLSeconds" label={t('qrlogin.ticketTTL')} min={5} max={60} fieldProps={{ precision: 0 }} />
      <ProFormSwitch name="consoleSignIn" label={t('qrlogin.consoleSignIn')} extra={t('qrlogin.consoleSignInExtra')} />
    </ModalForm>
  );
}
