import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Button, Card, Col, Row, Space, Spin, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT } from '../../i18n/I18nProvider';
import { useSubmit } from '../../api/useSubmit';
import { AppSetupQuery, VerifyAppMutation } from './operations';
import { SetupChecklist } from './SetupChecklist';
import { CapabilityList } from './CapabilityList';
import { VerificationAdvice } from './VerificationAdvice';

/**
 * An app's expanded row: the setup checklist with the URLs to paste into the
 * platform's developer console, and the result of the last verification,
 * with a button to verify again (安装飞书初始化 / 确认初始化结果).
 */
export function AppDetails(props: { appId: string; canWrite: boolean; onVerified?: () => void; platform?: string }) {
  const t = useT();
  const submit = useSubmit();
  const [verifying, setVerifying] = useState(false);
  const context = useMemo(() => ({ additionalTypenames: ['Capability'] }), []);
  const [res, refetch] = useQuery({ query: AppSetupQuery, variables: { id: props.appId }, context });
  const app = res.data?.node?.__typename === 'App' ? res.data.node : null;
  if (!app) return <Spin />;

  const verify = async () => {
    setVerifying(true);
    await submit(VerifyAppMutation, { id: app.id });
    setVerifying(false);
    // A refusal (PLATFORM_ERROR, shown as a message) is stored on the app too.
    refetch({ requestPolicy: 'network-only' });
    props.onVerified?.();
  };

  const results = app.verification ?? [];
  const verified = !!app.verifiedAt;
  return (
    <Row gutter={16} data-testid={`app-details-${app.id}`}>
      <Col xs={24} xl={13}>
        <SetupChecklist setup={app.setup} />
      </Col>
      <Col xs={24} xl={11}>
        <Card
          size="small"
          title={t('setup.result')}
          extra={
            props.canWrite && (
              <Button
                type="primary"
                size="small"
                icon={<SafetyCertificateOutlined />}
                loading={verifying}
                onClick={verify}
                data-testid="verify-app"
              >
                {t('setup.verify')}
              </Button>
            )
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {verified && <VerificationAdvice results={results} />}
            <Typography.Text type="secondary" data-testid="verified-at">
              {t('apps.verifiedAt')}: {verified ? dayjs(app.verifiedAt).format('YYYY-MM-DD HH:mm:ss') : t('apps.notVerified')}
            </Typography.Text>
            <CapabilityList results={verified ? results : undefined} platform={props.platform} />
          </Space>
        </Card>
      </Col>
    </Row>
  );
}
