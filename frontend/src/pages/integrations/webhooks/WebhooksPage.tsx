import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { Alert, Card } from 'antd';
import { useT } from '../../../i18n/I18nProvider';
import { usePermission } from '../../../auth/usePermission';
import { EndpointsTable } from './EndpointsTable';
import { DeliveriesTable } from './DeliveriesTable';

/** OA 回调: where the OA's webhooks go, and what happened to each event. */
export function WebhooksPage() {
  const t = useT();
  const navigate = useNavigate();
  const deliveries = useRef<ActionType>(null);
  const canWrite = usePermission('integration:write');
  return (
    <PageContainer title={t('webhooks.title')} onBack={() => navigate('/integrations')}>
      <Alert type="info" showIcon message={t('webhooks.intro')} style={{ marginBottom: 16 }} />
      <Card title={t('webhooks.endpoints')} style={{ marginBottom: 16 }}>
        <EndpointsTable canWrite={canWrite} onChange={() => deliveries.current?.reload()} />
      </Card>
      <Card title={t('webhooks.deliveries')}>
        <DeliveriesTable actionRef={deliveries} canWrite={canWrite} />
      </Card>
    </PageContainer>
  );
}
