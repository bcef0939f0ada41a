import type { ReactNode } from 'react';
import { Result, Spin } from 'antd';
import { ClusterOutlined } from '@ant-design/icons';
import { useTenant } from './TenantProvider';
import { useT } from '../i18n/I18nProvider';

/** Tenant-scoped pages render only once a tenant is chosen (super admins pick one). */
export function RequireTenant({ children }: { children: ReactNode }) {
  const { tenantId, resolving } = useTenant();
  const t = useT();
  if (!tenantId && resolving) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (!tenantId) return <Result icon={<ClusterOutlined />} title={t('tenant.none')} subTitle={t('tenant.required')} />;
  return <>{children}</>;
}
