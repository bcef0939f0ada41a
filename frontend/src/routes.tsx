import type { ReactNode } from 'react';
import {
  ApiOutlined,
  DashboardOutlined,
  AuditOutlined,
  CloudSyncOutlined,
  ClusterOutlined,
  KeyOutlined,
  LoginOutlined,
  SendOutlined,
  UserOutlined,
  VideoCameraOutlined,
  ApartmentOutlined,
  ScheduleOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import type { Role } from './auth/api';
import type { MessageKey } from './i18n/I18nProvider';

/** One entry of the side navigation; roles limit who sees it. */
export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  roles?: Role[];
  /** A permission scope the viewer must hold (from viewer.permissions). */
  permission?: string;
  /** Tenant-scoped areas need a tenant picked before they can load. */
  needsTenant: boolean;
}

// Paths avoid /auth, /sso, /callback and /query: the Go server owns those.
export const NAV: NavItem[] = [
  { path: '/overview', label: 'nav.overview', icon: <DashboardOutlined />, needsTenant: true },
  { path: '/integrations', label: 'nav.integrations', icon: <ApiOutlined />, needsTenant: true },
  { path: '/directory', label: 'nav.directory', icon: <ApartmentOutlined />, needsTenant: true },
  { path: '/sync', label: 'nav.sync', icon: <CloudSyncOutlined />, needsTenant: true },
  { path: '/push', label: 'nav.push', icon: <SendOutlined />, needsTenant: true },
  { path: '/qr-login', label: 'nav.login', icon: <LoginOutlined />, needsTenant: true },
  { path: '/broadcasts', label: 'nav.broadcasts', icon: <VideoCameraOutlined />, needsTenant: true },
  { path: '/broadcast-permission', label: 'nav.broadcastPermission', icon: <SafetyCertificateOutlined />, needsTenant: true },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, needsTenant: false },
  { path: '/admins', label: 'nav.admins', icon: <UserOutlined />, roles: ['super_admin', 'tenant_admin'], needsTenant: false },
  { path: '/api-tokens', label: 'nav.apiTokens', icon: <KeyOutlined />, roles: ['super_admin', 'tenant_admin'], needsTenant: true },
  { path: '/tenants', label: 'nav.tenants', icon: <ClusterOutlined />, roles: ['super_admin'], needsTenant: false },
  { path: '/jobs', label: 'nav.jobs', icon: <ScheduleOutlined />, permission: 'tenant:write', needsTenant: false },
];

export function visibleNav(role: Role, permissions: readonly string[]): NavItem[] {
  return NAV.filter((n) => (!n.roles || n.roles.includes(role)) && (!n.permission || permissions.includes(n.permission)));
}

