import { lazy } from 'react';

// Each area loads on first visit: antd + ProComponents are large, and most
// sessions touch only a few pages. Named exports are adapted to lazy()'s
// default-export contract here, once.
export const TenantsPage = lazy(() => import('./tenants/TenantsPage').then((m) => ({ default: m.TenantsPage })));
export const AdminsPage = lazy(() => import('./admins/AdminsPage').then((m) => ({ default: m.AdminsPage })));
export const APITokensPage = lazy(() => import('./tokens/APITokensPage').then((m) => ({ default: m.APITokensPage })));
export const CorpsPage = lazy(() => import('./integrations/CorpsPage').then((m) => ({ default: m.CorpsPage })));
export const CorpDetailPage = lazy(() =>
  import('./integrations/CorpDetailPage').then((m) => ({ default: m.CorpDetailPage })),
);
export const DirectoryPage = lazy(() => import('./directory/DirectoryPage').then((m) => ({ default: m.DirectoryPage })));
export const AuditPage = lazy(() => import('./audit/AuditPage').then((m) => ({ default: m.AuditPage })));
export const SyncPage = lazy(() => import('./sync/SyncPage').then((m) => ({ default: m.SyncPage })));
export const JobsPage = lazy(() => import('./jobs/JobsPage').then((m) => ({ default: m.JobsPage })));
export const QrLoginPage = lazy(() => import('./qrlogin/QrLoginPage').then((m) => ({ default: m.QrLoginPage })));
export const WebhooksPage = lazy(() =>
  import('./integrations/webhooks/WebhooksPage').then((m) => ({ default: m.WebhooksPage })),
);
export const BroadcastsPage = lazy(() => import('./broadcasts/BroadcastsPage').then((m) => ({ default: m.BroadcastsPage })));
export const BroadcastDetailPage = lazy(() =>
  import('./broadcasts/BroadcastDetailPage').then((m) => ({ default: m.BroadcastDetailPage })),
);
export const PushPage = lazy(() => import('./push/PushPage').then((m) => ({ default: m.PushPage })));
export const BindingsPage = lazy(() => import('./bindings/BindingsPage').then((m) => ({ default: m.BindingsPage })));
export const OverviewPage = lazy(() => import('./overview/OverviewPage').then((m) => ({ default: m.OverviewPage })));
export const DirectoryImportPage = lazy(() =>
  import('./directory/import/DirectoryImportPage').then((m) => ({ default: m.DirectoryImportPage })),
);
export const BroadcastPermissionPage = lazy(() =>
  import('./broadcastpermission/BroadcastPermissionPage').then((m) => ({ default: m.BroadcastPermissionPage })),
);
// The signed-in layout too: the login page, the first one a visitor sees,
// needs neither ProLayout nor the pages' shared code.
export const AppLayout = lazy(() => import('../layout/AppLayout').then((m) => ({ default: m.AppLayout })));
export const ComingSoon = lazy(() => import('./ComingSoon').then((m) => ({ default: m.ComingSoon })));
export const NotFound = lazy(() => import('./NotFound').then((m) => ({ default: m.NotFound })));
