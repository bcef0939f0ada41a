import type { ReactElement } from 'react';
import { ModalForm, ProFormDependency, ProFormRadio, ProFormText } from '@ant-design/pro-components';
import { Alert, Form } from 'antd';
import { useSubmit } from '../../api/useSubmit';
import { useT } from '../../i18n/I18nProvider';
import { CreateAppMutation, UpdateAppMutation } from './operations';
import { SecretField } from './SecretField';
import type { AppHomepageMode, CorpPlatform } from '../../gql/graphql';

interface Values {
  name: string;
  appID: string;
  appSecret?: string;
  encryptKey?: string;
  verificationToken?: string;
  homepageMode: AppHomepageMode;
  homepageModule?: string;
  homepageURL?: string;
}

export interface ExistingApp {
  id: string;
  name: string;
  appID: string;
  appSecretSet: boolean;
  appSecretHint?: string | null;
  encryptKeySet: boolean;
  encryptKeyHint?: string | null;
  verificationTokenSet: boolean;
  verificationTokenHint?: string | null;
  homepageMode: AppHomepageMode;
  homepageModule?: string | null;
  homepageURL?: string | null;
}

/**
 * Drops empty strings and undefined: for updates the schema reads an empty
 * secret as "clear it", so an untouched secret input must not be sent.
 */
function compact<T extends object>(v: T): T {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== undefined)) as T;
}

/** Create an app under a corp, or edit one; secrets are write-only. */
export function AppForm(props: { corpId: string; platform?: CorpPlatform; app?: ExistingApp; trigger: ReactElement; onDone: (createdId?: string) => void }) {
  const t = useT();
  // WeCom names the same four values AgentId, Secret, EncodingAESKey and Token.
  const wecom = props.platform === 'wecom';
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  const { app } = props;
  return (
    <ModalForm<Values>
      title={app ? t('apps.edit') : t('apps.create')}
      trigger={props.trigger}
      form={form}
      name="app"
      initialValues={
        app
          ? { ...app, homepageModule: app.homepageModule ?? undefined, homepageURL: app.homepageURL ?? undefined }
          : { homepageMode: 'module' }
      }
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const input = compact(v);
        if (app) {
          const ok = await submit(UpdateAppMutation, { id: app.id, input }, form);
          if (ok) props.onDone();
          return !!ok;
        }
        const created = await submit(CreateAppMutation, { input: { ...input, corpID: props.corpId } }, form);
        if (created) props.onDone(created.createApp.id);
        return !!created;
      }}
    >
      <ProFormText name="name" label={t('apps.name')} rules={[{ required: true }]} />
      <ProFormText
        name="appID"
        label={wecom ? t('wecom.agentID') : t('apps.appID')}
        tooltip={wecom ? t('wecom.agentIDHelp') : undefined}
        rules={wecom ? [{ required: true }, { pattern: /^([1-9][0-9]*|contacts)$/, message: t('wecom.agentIDHelp') }] : [{ required: true }]}
      />
      {app && (
        <ProFormDependency name={['appID']}>
          {({ appID }) =>
            typeof appID === 'string' && appID.trim() !== app.appID ? (
              <Alert type="warning" showIcon message={t('apps.appIDChangeClearsSecrets')} style={{ marginBottom: 16 }} />
            ) : null
          }
        </ProFormDependency>
      )}
      <Alert type="info" showIcon message={t('apps.secretWriteOnly')} style={{ marginBottom: 16 }} />
      <SecretField name="appSecret" label={wecom ? t('wecom.secret') : t('apps.appSecret')} set={app?.appSecretSet} hint={app?.appSecretHint} editing={!!app} required />
      <SecretField name="encryptKey" label={wecom ? t('wecom.encodingAESKey') : t('apps.encryptKey')} set={app?.encryptKeySet} hint={app?.encryptKeyHint} editing={!!app} />
      <SecretField
        name="verificationToken"
        label={wecom ? t('wecom.token') : t('apps.verificationToken')}
        set={app?.verificationTokenSet}
        hint={app?.verificationTokenHint}
        editing={!!app}
      />
      <ProFormRadio.Group
        name="homepageMode"
        label={t('apps.homepageMode')}
        options={[
          { value: 'module', label: t('apps.homepage.module') },
          { value: 'custom', label: t('apps.homepage.custom') },
        ]}
      />
      <ProFormDependency name={['homepageMode']}>
        {({ homepageMode }) =>
          homepageMode === 'custom' ? (
            <ProFormText name="homepageURL" label={t('apps.homepageURL')} rules={[{ required: true }, { type: 'url' }]} />
          ) : (
            <ProFormText name="homepageModule" label={t('apps.homepageModule')} />
          )
        }
      </ProFormDependency>
    </ModalForm>
  );
}
