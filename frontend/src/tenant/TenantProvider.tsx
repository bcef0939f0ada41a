import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useAdmin } from '../auth/AuthProvider';

interface TenantState {
  /** The tenant the console works in: a super admin's pick, or the admin's own. */
  tenantId: string | null;
  /** Only super admins can switch. */
  canSwitch: boolean;
  setTenantId: (id: string | null) => void;
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

  const tenantId = canSwitch ? picked : admin.tenantId;
  const value = useMemo(() => ({ tenantId, canSwitch, setTenantId }), [tenantId, canSwitch, setTenantId]);
  return <TenantContext.Provider value={value}>{children}</TenantContext.Provider>;
}

export function useTenant(): TenantState {
  const ctx = useContext(TenantContext);
  if (!ctx) throw new Error('useTenant outside TenantProvider');
  return ctx;
}
