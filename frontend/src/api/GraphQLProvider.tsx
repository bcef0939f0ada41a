import { useMemo, useRef, type ReactNode } from 'react';
import { Provider } from 'urql';
import { App } from 'antd';
import { createGraphQLClient } from './client';
import { appErrors, describe } from './errors';
import { useAuth } from '../auth/AuthProvider';
import { useTenant } from '../tenant/TenantProvider';
import { useT } from '../i18n/I18nProvider';

/** Provides a urql client bound to the current session and tenant. */
export function GraphQLProvider({ children }: { children: ReactNode }) {
  const { admin, expire } = useAuth();
  const { tenantId, canSwitch, setTenantId } = useTenant();
  const { notification } = App.useApp();
  // A ref, so a language switch changes messages without recreating the
  // client (which would drop its cache and WebSocket).
  const t = useT();
  const tRef = useRef(t);
  tRef.current = t;

  // Only a super admin's pick goes in the header; other roles are pinned to
  // their tenant by the server.
  const headerTenant = canSwitch ? tenantId : null;

  const client = useMemo(
    () =>
      createGraphQLClient({
        tenant: headerTenant,
        onUnauthenticated: expire,
        // A pick remembered from before its tenant was deleted: pick again.
        onUnknownTenant: () => setTenantId(null),
        onError: (err) => {
          for (const e of appErrors(err)) {
            notification.error({ key: `${e.code}:${e.message}`, message: describe(e, tRef.current) });
          }
        },
      }),
    [headerTenant, admin?.id, expire, notification, setTenantId],
  );

  return <Provider value={client}>{children}</Provider>;
}
