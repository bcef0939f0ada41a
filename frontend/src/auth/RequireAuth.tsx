import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Spin } from 'antd';
import { useAuth } from './AuthProvider';

/** Route guard: no session → /login, remembering where the user wanted to go. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { admin } = useAuth();
  const location = useLocation();
  if (admin === undefined) {
    return <Spin size="large" fullscreen />;
  }
  if (admin === null) {
    const from = location.pathname + location.search;
    return <Navigate to={`/login?from=${encodeURIComponent(from)}`} replace />;
  }
  return <>{children}</>;
}
