import { ProLayout } from '@ant-design/pro-components';
import { Link, Outlet, useLocation } from 'react-router';
import { Suspense } from 'react';
import { Space, Spin } from 'antd';
import { useAdmin } from '../auth/AuthProvider';
import { useT } from '../i18n/I18nProvider';
import { visibleNav } from '../routes';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';
import { TenantSwitcher } from './TenantSwitcher';
import { useTenant } from '../tenant/TenantProvider';
import { usePermissions } from '../auth/usePermission';
import { ApprovalsBadge } from '../pages/sync/ApprovalsBadge';
import { RequestsBadge } from '../pages/broadcastpermission/RequestsBadge';

/** The signed-in shell: side navigation, header tools, and the routed page. */
export function AppLayout() {
  const admin = useAdmin();
  const t = useT();
  const location = useLocation();
  const { tenantId } = useTenant();
  const permissions = usePermissions();
  const routes = visibleNav(admin.role, permissions).map((n) => ({ path: n.path, name: t(n.label), icon: n.icon }));

  return (
    <ProLayout
      title="imbridge"
      logo={false}
      layout="mix"
      fixSiderbar
      location={{ pathname: location.pathname }}
      route={{ path: '/', routes }}
      menuItemRender={(item, dom) =>
        item.path ? (
          <Link to={item.path}>
            {item.path === '/sync' && tenantId ? (
              <ApprovalsBadge>{dom}</ApprovalsBadge>
            ) : item.path === '/broadcast-permission' && tenantId ? (
              <RequestsBadge>{dom}</RequestsBadge>
            ) : (
              dom
            )}
          </Link>
        ) : (
          dom
        )
      }
      actionsRender={() => [
        <Space key="tools" size="small">
          <TenantSwitcher />
          <LanguageSwitch />
          <UserMenu />
        </Space>,
      ]}
    >
      {/* Keyed by tenant so every page reloads its data after a switch. */}
      <Suspense fallback={<Spin style={{ display: 'block', marginTop: 96 }} />}>
        <Outlet key={tenantId ?? 'none'} />
      </Suspense>
    </ProLayout>
  );
}
