import { PageContainer } from '@ant-design/pro-components';
import { Alert, Tabs } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { usePermission } from '../../auth/usePermission';
import { RulesTable } from './RulesTable';
import { MessagesTable } from './MessagesTable';
import { PushCharts } from './PushCharts';

/** 消息推送: the message log with per-recipient deliveries, its charts, and the rules (admins). */
export function PushPage() {
  const t = useT();
  const canEditRules = usePermission('integration:write');
  const canPush = usePermission('push:write');
  return (
    <PageContainer title={t('push.title')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('push.intro')} />
      <Tabs
        items={[
          { key: 'messages', label: t('push.messages'), children: <MessagesTable canWrite={canPush} /> },
          { key: 'charts', label: t('push.charts'), children: <PushCharts /> },
          { key: 'rules', label: t('push.rules'), children: <RulesTable canWrite={canEditRules} /> },
        ]}
      />
    </PageContainer>
  );
}
