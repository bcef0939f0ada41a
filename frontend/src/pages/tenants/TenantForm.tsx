import { ModalForm, ProFormText } from '@ant-design/pro-components';
import { Form } from 'antd';
import type { ReactElement } from 'react';
import { useSubmit } from '../../api/useSubmit';
import { useT } from '../../i18n/I18nProvider';
import { CreateTenantMutation, UpdateTenantMutation } from './operations';

interface Values {
  name: string;
  slug: string;
}

/** Create (no `tenant`) or edit a tenant in a modal opened by `trigger`. */
export function TenantForm(props: { tenant?: Values & { id: string }; trigger: ReactElement; onDone: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  const { tenant } = props;
  return (
    <ModalForm<Values>
      title={tenant ? t('tenants.edit') : t('tenants.create')}
      trigger={props.trigger}
      form={form}
      // A form name prefixes input ids, so labels stay unique next to the
      // page's search form (which has fields of the same names).
      name="tenant"
      initialValues={tenant}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (values) => {
        const ok = tenant
          ? await submit(UpdateTenantMutation, { id: tenant.id, input: values }, form)
          : await submit(CreateTenantMutation, { input: values }, form);
        if (ok) props.onDone();
        return !!ok;
      }}
    >
      <ProFormText name="name" label={t('tenants.name')} rules={[{ required: true }]} />
      <ProFormText
        name="slug"
        label={t('tenants.slug')}
        tooltip={t('tenants.slugHelp')}
        rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9-]*$/, message: t('tenants.slugHelp') }]}
      />
    </ModalForm>
  );
}
