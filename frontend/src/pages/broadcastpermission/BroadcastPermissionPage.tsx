import { PageContainer } from '@ant-design/pro-components';
import { Alert, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import { PolicyTab } from './PolicyTab';
import { RequestsTab } from './RequestsTab';

/** 开播权限 (seed 000): each corp's policy, and the requests inbox of its approvers. */
export function BroadcastPermissionPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'requests' ? 'requests' : 'policy';
  return (
    <PageContainer title={t('bperm.title')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('bperm.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'requests' ? { tab: k } : {})}
        items={[
          { key: 'policy', label: t('bperm.tab.policy'), children: <PolicyTab /> },
          { key: 'requests', label: t('bperm.tab.requests'), children: <RequestsTab /> },
        ]}
      />
    </PageContainer>
  );
}
