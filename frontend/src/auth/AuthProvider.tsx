import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as api from './api';
import type { SessionAdmin } from './api';

interface Auth {
  /** undefined while the first /auth/me is in flight. */
  admin: SessionAdmin | null | undefined;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Called when the server says the session is gone (401 / UNAUTHENTICATED). */
  expire: () => void;
  /** True after expire(), so the login page can say why the user is there. */
  expired: boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [admin, setAdmin] = useState<SessionAdmin | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .me()
      .then((a) => live && setAdmin(a))
      // If the server is unreachable, show the login page rather than spin forever.
      .catch(() => live && setAdmin(null));
    return () => {
      live = false;
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const a = await api.login(username, password);
    setExpired(false);
    setAdmin(a);
  }, []);

  const logout = useCallback(async () => {
    await api.logout().catch(() => undefined);
    setAdmin(null);
  }, []);

  const expire = useCallback(() => {
    setAdmin((prev) => {
      if (prev) setExpired(true);
      return null;
    });
  }, []);

  const value = useMemo(() => ({ admin, login, logout, expire, expired }), [admin, login, logout, expire, expired]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The logged-in admin; only valid below RequireAuth. */
export function useAdmin(): SessionAdmin {
  const { admin } = useAuth();
  if (!admin) throw new Error('useAdmin without a session');
  return admin;
}
