import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { impliedTenant } from './autoPick';
import { useAdmin } from '../auth/AuthProvider';

interface TenantState {
  /** The tenant the console works in: a super admin's pick, or the admin's own. */
  tenantId: string | null;
  /** Only super admins can switch. */
  canSwitch: boolean;
  setTenantId: (id: string | null) => void;
  /** A super admin's tenant is being worked out from the link (autoPick.ts). */
  resolving: boolean;
}

const TenantContext = createContext<TenantState | null>(null);
const STORAGE_KEY = 'imbridge.tenant';

export function TenantProvider({ children }: { children: ReactNode }) {
  const admin = useAdmin();
  const canSwitch = admin.role === 'super_admin';
  const [picked, setPicked] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));

  const setTenantId = useCallback((id: string | null) => {
    if (id) localStorage.setItem(STORAGE_KEY, id);
    else localStorage.removeItem(STORAGE_KEY);
    setPicked(id);
  }, []);

  const location = useLocation();
  const named = new URLSearchParams(location.search).get('tenant');
  const [resolving, setResolving] = useState(canSwitch && (!picked || !!named));
  useEffect(() => {
    if (!canSwitch || (picked && (!named || named === picked))) {
      setResolving(false);
      return;
    }
    let live = true;
    setResolving(true);
    impliedTenant(location.pathname, location.search)
      .then((id) => {
        if (live && id) setTenantId(id);
      })
      .catch(() => undefined)
      .finally(() => {
        if (live) setResolving(false);
      });
    return () => {
      live = false;
    };
    // Worked out once per link: the path and the named tenant.
  }, [canSwitch, picked, named, location.pathname]); // eslint-disable-line react-hooks/exhaustive-deps

  const tenantId = canSwitch ? picked : admin.tenantId;
  const value = useMemo(() => ({ tenantId, canSwitch, setTenantId, resolving }), [tenantId, canSwitch, setTenantId, resolving]);
  return <TenantContext.Provider value={value}>{children}</TenantContext.Provider>;
}

export function useTenant(): TenantState {
  const ctx = useContext(TenantContext);
  if (!ctx) throw new Error('useTenant outside TenantProvider');
  return ctx;
}
