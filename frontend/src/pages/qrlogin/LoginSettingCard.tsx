import { useMemo } from 'react';
import { useQuery } from 'urql';
import { Button, Card, Descriptions, Empty, Tag, Typography } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { usePermission } from '../../auth/usePermission';
import { nodes } from '../../api/cursorPages';
import { LoginSettingQuery } from './operations';
import { LoginSettingForm } from './LoginSettingForm';

interface Named {
  id: string;
  name: string;
}

/** A corp's QR-code login settings and what to copy into Feishu and the OA. */
export function LoginSettingCard(props: { corp: Named & { platform?: string }; apps: Named[]; endpoints: Named[] }) {
  const t = useT();
  const canEdit = usePermission('integration:write');
  const context = useMemo(() => ({ additionalTypenames: ['LoginSetting'] }), []);
  const [res, refetch] = useQuery({ query: LoginSettingQuery, variables: { corpID: props.corp.id }, context });
  const st = nodes(res.data?.loginSettings)[0];
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const name = (list: Named[], id?: string | null) => list.find((x) => x.id === id)?.name ?? '—';
  const form = (
    <LoginSettingForm
      corpId={props.corp.id}
      apps={props.apps}
      endpoints={props.endpoints}
      setting={st}
      onDone={reload}
      trigger={
        <Button type={st ? 'default' : 'primary'} data-testid={`qr-login-edit-${props.corp.name}`}>
          {t('qrlogin.settings')}
        </Button>
      }
    />
  );
  return (
    <Card
      type="inner"
      title={props.corp.name}
      style={{ marginTop: 16 }}
      loading={res.fetching && !res.data}
      extra={canEdit && form}
    >
      {st ? (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('qrlogin.enabled')}>
            <Tag color={st.enabled ? 'green' : undefined}>{t(st.enabled ? 'qrlogin.on' : 'qrlogin.off')}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.app')}>{name(props.apps, st.appID)}</Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.origins')}>{(st.allowedOrigins ?? []).join(', ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.autoBindField')}>
            {['none', 'mobile', 'email', 'employee_no'].includes(st.autoBindField)
              ? t(`qrlogin.field.${st.autoBindField}` as MessageKey)
              : st.autoBindField}
          </Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.bindOnFirstLogin')}>
            {st.bindOnFirstLogin ? name(props.endpoints, st.passwordCheckEndpointID) : t('qrlogin.off')}
          </Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.ticketTTL')}>{st.ticketTTLSeconds}</Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.consoleSignIn')}>{t(st.consoleSignIn ? 'qrlogin.on' : 'qrlogin.off')}</Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.redirectURL')}>
            <Typography.Text copyable code data-testid="qr-login-redirect">
              {st.redirectURL}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">
                {t(props.corp.platform === 'wecom' ? 'qrlogin.redirectExtraWecom' : 'qrlogin.redirectExtra')}
              </Typography.Text>
            </div>
          </Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.snippet')}>
            <Typography.Text copyable code data-testid="qr-login-snippet">
              {st.snippet}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.startURL')}>
            <Typography.Text copyable>{st.startURL + '?return_to='}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('qrlogin.embedURL')}>
            <Typography.Text copyable>{st.embedURL + '?return_to='}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty description={t('qrlogin.none')} />
      )}
    </Card>
  );
}
