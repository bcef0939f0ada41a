import type { ReactElement } from 'react';
import { ModalForm, ProFormDependency, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { Alert, Form } from 'antd';
import { useSubmit } from '../../api/useSubmit';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { CreateCorpMutation, UpdateCorpMutation } from './operations';
import { DEFAULT_API_BASE, PLATFORMS } from './platforms';
import type { CorpPlatform } from '../../gql/graphql';

interface Values {
  platform: CorpPlatform;
  name: string;
  apiBaseURL?: string;
  corpID?: string;
}

type Existing = { id: string; platform: CorpPlatform; name: string; apiBaseURL?: string | null; corpID?: string | null };

/** A base URL as the server compares them: default filled in, case and trailing slash ignored. */
function effectiveURL(platform: CorpPlatform, url?: string | null): string {
  return (url?.trim() || DEFAULT_API_BASE[platform]).toLowerCase().replace(/\/+$/, '');
}

/**
 * Create or edit a corp. The platform is fixed once created (the schema makes it immutable).
 * A new API base URL clears the secrets of the corp's apps on the server: the form says so.
 */
export function CorpForm(props: { corp?: Existing; trigger: ReactElement; onDone: (id: string) => void }) {
  const t = useT();
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  const { corp } = props;
  const initial: Partial<Values> = corp
    ? {
        platform: corp.platform,
        name: corp.name,
        apiBaseURL: corp.apiBaseURL ?? DEFAULT_API_BASE[corp.platform],
        corpID: corp.corpID ?? undefined,
      }
    : { platform: 'feishu', apiBaseURL: DEFAULT_API_BASE.feishu };

  return (
    <ModalForm<Values>
      title={corp ? t('corps.edit') : t('corps.create')}
      trigger={props.trigger}
      form={form}
      name="corp"
      initialValues={initial}
      modalProps={{ destroyOnHidden: true }}
      onValuesChange={(changed: Partial<Values>) => {
        // Follow the platform's default URL unless the admin typed their own.
        if (changed.platform) {
          const current = form.getFieldValue('apiBaseURL');
          if (!current || Object.values(DEFAULT_API_BASE).includes(current)) {
            form.setFieldValue('apiBaseURL', DEFAULT_API_BASE[changed.platform]);
          }
        }
      }}
      onFinish={async (v) => {
        const apiBaseURL = v.apiBaseURL?.trim() || undefined;
        const corpID = v.corpID?.trim() || undefined;
        if (corp) {
          const input = {
            name: v.name,
            apiBaseURL,
            clearAPIBaseURL: !apiBaseURL,
            corpID,
            clearCorpID: !corpID,
          };
          const ok = await submit(UpdateCorpMutation, { id: corp.id, input }, form);
          if (ok) props.onDone(corp.id);
          return !!ok;
        }
        const data = await submit(CreateCorpMutation, { input: { ...v, apiBaseURL, corpID } }, form);
        if (data) props.onDone(data.createCorp.id);
        return !!data;
      }}
    >
      <ProFormSelect
        name="platform"
        label={t('corps.platform')}
        disabled={!!corp}
        rules={[{ required: true }]}
        options={PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}` as MessageKey) }))}
      />
      <ProFormText name="name" label={t('corps.name')} rules={[{ required: true }]} />
      <ProFormText
        name="apiBaseURL"
        label={t('corps.apiBaseURL')}
        tooltip={t('corps.apiBaseURLHelp')}
        rules={[{ type: 'url' }]}
      />
      {corp && (
        <ProFormDependency name={['apiBaseURL']}>
          {({ apiBaseURL }) =>
            effectiveURL(corp.platform, apiBaseURL) !== effectiveURL(corp.platform, corp.apiBaseURL) ? (
              <Alert type="warning" showIcon message={t('corps.urlChangeClearsSecrets')} style={{ marginBottom: 16 }} />
            ) : null
          }
        </ProFormDependency>
      )}
      <ProFormDependency name={['platform']}>
        {({ platform }) =>
          platform === 'wecom' ? (
            <ProFormText
              name="corpID"
              label={t('wecom.corpID')}
              tooltip={t('wecom.corpIDHelp')}
              rules={[{ required: true }, { pattern: /^w[wx][0-9A-Za-z]{6,30}$/, message: t('wecom.corpIDHelp') }]}
            />
          ) : (
            <ProFormText name="corpID" label={t('corps.corpID')} />
          )
        }
      </ProFormDependency>
    </ModalForm>
  );
}
