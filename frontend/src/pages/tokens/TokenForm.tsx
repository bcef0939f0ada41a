import type { ReactElement } from 'react';
import { ModalForm, ProFormDateTimePicker, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { Form } from 'antd';
import type { Dayjs } from 'dayjs';
import { useSubmit } from '../../api/useSubmit';
import { useT } from '../../i18n/I18nProvider';
import { CreateAPITokenMutation } from './operations';
import { TOKEN_SCOPES, scopeText } from './scopes';

interface Values {
  name: string;
  scopes: string[];
  expiresAt?: Dayjs;
}


/** Creates a token and hands its one-time plaintext to `onCreated`. */
export function TokenForm(props: { trigger: ReactElement; onCreated: (token: string) => void }) {
  const t = useT();
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  return (
    <ModalForm<Values>
      title={t('tokens.create')}
      trigger={props.trigger}
      form={form}
      name="token"
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const input = { name: v.name, scopes: v.scopes ?? [], expiresAt: v.expiresAt?.toISOString() };
        const data = await submit(CreateAPITokenMutation, { input }, form);
        if (data) props.onCreated(data.createAPIToken.secret);
        return !!data;
      }}
    >
      <ProFormText name="name" label={t('tokens.name')} rules={[{ required: true }]} />
      <ProFormSelect
        name="scopes"
        label={t('tokens.scopes')}
        tooltip={t('tokens.scopesHelp')}
        mode="multiple"
        rules={[{ required: true }]}
        options={TOKEN_SCOPES.map((s) => ({ value: s, label: `${scopeText(t, s)} (${s})` }))}
      />
      <ProFormDateTimePicker name="expiresAt" label={t('tokens.expiresAt')} placeholder={t('tokens.noExpiry')} />
    </ModalForm>
  );
}
