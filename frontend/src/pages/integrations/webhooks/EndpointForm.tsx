import type { ReactElement } from 'react';
import { ModalForm, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Form } from 'antd';
import { useQuery } from 'urql';
import { useSubmit } from '../../../api/useSubmit';
import { useT } from '../../../i18n/I18nProvider';
import { CreateWebhookEndpointMutation, UpdateWebhookEndpointMutation, WebhookEndpointOptionsQuery } from './operations';
import { eventTypeOptions } from './eventTypes';

interface Values {
  name: string;
  url: string;
  description?: string;
  enabled: boolean;
  eventTypes?: string[];
}

export interface ExistingEndpoint {
  id: string;
  name: string;
  url: string;
  description?: string | null;
  enabled: boolean;
  eventTypes?: string[] | null;
}

/**
 * Create an OA webhook endpoint (its secret goes to `onCreated`, to be shown
 * once) or edit one; the secret changes only by rotation.
 */
export function EndpointForm(props: {
  endpoint?: ExistingEndpoint;
  trigger: ReactElement;
  onDone: () => void;
  onCreated?: (secret: string) => void;
}) {
  const t = useT();
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  const [options] = useQuery({ query: WebhookEndpointOptionsQuery });
  const { endpoint } = props;
  return (
    <ModalForm<Values>
      title={endpoint ? t('webhooks.edit') : t('webhooks.create')}
      trigger={props.trigger}
      form={form}
      name="webhookEndpoint"
      initialValues={
        endpoint
          ? { ...endpoint, description: endpoint.description ?? undefined, eventTypes: endpoint.eventTypes ?? [] }
          : { enabled: true, eventTypes: [] }
      }
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const input = { ...v, description: v.description ?? '', eventTypes: v.eventTypes ?? [] };
        if (endpoint) {
          const ok = await submit(UpdateWebhookEndpointMutation, { id: endpoint.id, input }, form);
          if (ok) props.onDone();
          return !!ok;
        }
        const data = await submit(CreateWebhookEndpointMutation, { input }, form);
        if (data) {
          props.onCreated?.(data.createWebhookEndpoint.secret);
          props.onDone();
        }
        return !!data;
      }}
    >
      <ProFormText name="name" label={t('webhooks.name')} rules={[{ required: true }]} />
      <ProFormText
        name="url"
        label={t('webhooks.url')}
        tooltip={t('webhooks.urlHelp')}
        placeholder="https://oa.example.com/imbridge/webhook"
        rules={[{ required: true }]}
      />
      <ProFormSelect
        name="eventTypes"
        label={t('webhooks.eventTypes')}
        tooltip={t('webhooks.eventTypesHelp')}
        placeholder={t('webhooks.allEvents')}
        mode="multiple"
        options={eventTypeOptions(options.data?.webhookEventTypes ?? [])}
      />
      <ProFormSwitch name="enabled" label={t('webhooks.enabled')} tooltip={t('webhooks.enabledHelp')} />
      <ProFormTextArea name="description" label={t('webhooks.description')} fieldProps={{ rows: 2 }} />
    </ModalForm>
  );
}
