import { useQuery } from 'urql';
import { useMemo } from 'react';
import { App, Button, Descriptions, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useSubmit } from '../../api/useSubmit';
import { AppSetupQuery, VerifyAppMutation } from './operations';

/**
 * An app's expanded row: the URLs to paste into the platform's developer
 * console (built by the server from its public URL) and the result of the
 * last verification, with a button to verify again.
 */
export function AppDetails(props: { appId: string; canWrite: boolean }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const context = useMemo(() => ({ additionalTypenames: ['Capability'] }), []);
  const [res, refetch] = useQuery({ query: AppSetupQuery, variables: { id: props.appId }, context });
  const app = res.data?.node?.__typename === 'App' ? res.data.node : null;
  if (!app) return <Spin />;

  const verify = async () => {
    const data = await submit(VerifyAppMutation, { id: app.id });
    if (data) {
      const ok = (data.verifyApp.verification ?? []).every((c) => c.ok);
      if (ok) message.success(t('apps.verified'));
      else message.warning(t('apps.capabilities'));
      refetch({ requestPolicy: 'network-only' });
    }
  };

  // Capabilities the console has no label for yet are shown by their name.
  const capLabel = (name: string) => {
    const key = `cap.${name}` as MessageKey;
    return t(key) === key ? name : t(key);
  };
  const copy = (text: string) => <Typography.Text copyable>{text}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`app-details-${app.id}`}>
      <Descriptions size="small" column={1} title={t('apps.setup')} extra={<Typography.Text type="secondary">{t('apps.setupHelp')}</Typography.Text>}>
        <Descriptions.Item label={t('apps.eventRequestURL')}>{copy(app.setup.eventRequestURL)}</Descriptions.Item>
        <Descriptions.Item label={t('apps.oauthRedirectURL')}>{copy(app.setup.oauthRedirectURL)}</Descriptions.Item>
        <Descriptions.Item label={t('apps.homepage')}>{copy(app.setup.homepageURL)}</Descriptions.Item>
      </Descriptions>
      <Descriptions
        size="small"
        column={1}
        title={t('apps.capabilities')}
        extra={
          props.canWrite && (
            <Button size="small" icon={<SafetyCertificateOutlined />} onClick={verify}>
              {t('apps.verify')}
            </Button>
          )
        }
      >
        <Descriptions.Item label={t('apps.verifiedAt')}>
          {app.verifiedAt ? dayjs(app.verifiedAt).format('YYYY-MM-DD HH:mm:ss') : t('apps.notVerified')}
        </Descriptions.Item>
        {(app.verification ?? []).map((c) => (
          <Descriptions.Item key={c.name} label={capLabel(c.name)}>
            {c.ok ? (
              <Tag color="green">OK</Tag>
            ) : (
              <Tooltip title={c.message}>
                <Tag color="red">
                  {c.code ?? 'ERR'} {c.message?.slice(0, 60)}
                </Tag>
              </Tooltip>
            )}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Space>
  );
}
