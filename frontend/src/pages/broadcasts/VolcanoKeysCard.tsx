import { ModalForm, ProFormText } from '@ant-design/pro-components';
import { Alert, Button, Card, Descriptions, Form, Tag, Typography } from 'antd';
import { useSubmit } from '../../api/useSubmit';
import { useT } from '../../i18n/I18nProvider';
import { SecretField } from '../integrations/SecretField';
import { SetVolcanoKeysMutation } from './operations';

interface Corp {
  id: string;
  volcanoKeysSet: boolean;
  volcanoBaseURL?: string | null;
  volcanoAccessKeyIDHint?: string | null;
  volcanoSecretAccessKeyHint?: string | null;
  volcanoCallbackSecretSet: boolean;
  volcanoCallbackURL: string;
}

interface Values {
  baseURL?: string;
  accessKeyID?: string;
  secretAccessKey?: string;
  callbackSecret?: string;
}

/** A Feishu corp's Volcano enterprise live keys (AK/SK, callback key): write-only, sealed by the server. */
export function VolcanoKeysCard(props: { corp: Corp; canWrite: boolean; onDone: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  const c = props.corp;
  const setTag = (set: boolean) => (set ? <Tag color="green">{t('common.set')}</Tag> : <Tag>{t('common.notSet')}</Tag>);
  return (
    <Card
      title={t('bc.volcano.title')}
      style={{ marginBottom: 16 }}
      extra={
        props.canWrite && (
          <ModalForm<Values>
            title={t('bc.volcano.title')}
            form={form}
            trigger={<Button data-testid="volcano-keys-edit">{t('bc.volcano.edit')}</Button>}
            modalProps={{ destroyOnHidden: true }}
            initialValues={{ baseURL: c.volcanoBaseURL ?? '' }}
            onFinish={async (v) => {
              const input = {
                baseURL: v.baseURL ?? '',
                accessKeyID: v.accessKeyID || undefined,
                secretAccessKey: v.secretAccessKey || undefined,
                callbackSecret: v.callbackSecret || undefined,
              };
              if (!(await submit(SetVolcanoKeysMutation, { corpID: c.id, input }, form))) return false;
              props.onDone();
              return true;
            }}
          >
            <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('bc.volcano.help')} />
            <ProFormText name="baseURL" label={t('bc.volcano.baseURL')} placeholder="https://livesaas.volcengineapi.com" />
            <SecretField name="accessKeyID" label={t('bc.volcano.ak')} set={c.volcanoKeysSet} hint={c.volcanoAccessKeyIDHint} editing />
            <SecretField name="secretAccessKey" label={t('bc.volcano.sk')} set={c.volcanoKeysSet} hint={c.volcanoSecretAccessKeyHint} editing />
            <SecretField name="callbackSecret" label={t('bc.volcano.callback')} set={c.volcanoCallbackSecretSet} editing />
          </ModalForm>
        )
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('bc.volcano.keys')}>{setTag(c.volcanoKeysSet)}</Descriptions.Item>
        <Descriptions.Item label={t('bc.volcano.callback')}>{setTag(c.volcanoCallbackSecretSet)}</Descriptions.Item>
        <Descriptions.Item label={t('bc.volcano.baseURL')}>{c.volcanoBaseURL || 'https://livesaas.volcengineapi.com'}</Descriptions.Item>
        <Descriptions.Item label={t('bc.volcano.callbackURL')}>
          <Typography.Text copyable>{c.volcanoCallbackURL}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
