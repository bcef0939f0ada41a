import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { App as AntApp } from 'antd';
import { I18nProvider } from './i18n/I18nProvider';
import { AuthProvider } from './auth/AuthProvider';
import { RequireAuth } from './auth/RequireAuth';
import { TenantProvider } from './tenant/TenantProvider';
import { GraphQLProvider } from './api/GraphQLProvider';
import { LoginPage } from './pages/LoginPage';
import { RequireTenant } from './tenant/RequireTenant';
import {
  APITokensPage,
  AdminsPage,
  AuditPage,
  BindingsPage,
  CorpDetailPage,
  CorpsPage,
  DirectoryPage,
  DirectoryImportPage,
  AppLayout,
  NotFound,
  JobsPage,
  OverviewPage,
  SyncPage,
  QrLoginPage,
  TenantsPage,
  WebhooksPage,
  PushPage,
  BroadcastsPage,
  BroadcastDetailPage,
  BroadcastPermissionPage,
} from './pages/lazy';
import { Suspense, type ReactNode } from 'react';

const scoped = (page: ReactNode) => <RequireTenant>{page}</RequireTenant>;

/** Everything behind the login: session → tenant → GraphQL client → layout. */
function SignedIn() {
  return (
    <RequireAuth>
      <TenantProvider>
        <GraphQLProvider>
          {/* The layout (ProLayout) loads after the login page: the first page stays small. */}
          <Suspense fallback={null}>
            <AppLayout />
          </Suspense>
        </GraphQLProvider>
      </TenantProvider>
    </RequireAuth>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route element={<SignedIn />}>
                <Route index element={<Navigate to="/overview" replace />} />
                <Route path="/overview" element={scoped(<OverviewPage />)} />
                <Route path="/integrations" element={scoped(<CorpsPage />)} />
                <Route path="/integrations/oa-webhooks" element={scoped(<WebhooksPage />)} />
                <Route path="/integrations/:corpId" element={scoped(<CorpDetailPage />)} />
                <Route path="/directory" element={scoped(<DirectoryPage />)} />
                <Route path="/directory/bindings" element={scoped(<BindingsPage />)} />
                <Route path="/directory/import" element={scoped(<DirectoryImportPage />)} />
                <Route path="/sync" element={scoped(<SyncPage />)} />
                <Route path="/qr-login" element={scoped(<QrLoginPage />)} />
                <Route path="/push" element={scoped(<PushPage />)} />
                <Route path="/broadcasts" element={scoped(<BroadcastsPage />)} />
                <Route path="/broadcasts/:id" element={scoped(<BroadcastDetailPage />)} />
                <Route path="/broadcast-permission" element={scoped(<BroadcastPermissionPage />)} />
                <Route path="/audit" element={<AuditPage />} />
                <Route path="/admins" element={<AdminsPage />} />
                <Route path="/api-tokens" element={scoped(<APITokensPage />)} />
                <Route path="/tenants" element={<TenantsPage />} />
                <Route path="/jobs" element={<JobsPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </I18nProvider>
  );
}
