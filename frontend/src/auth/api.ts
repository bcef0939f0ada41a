// REST calls for the session (the only non-GraphQL API the console uses).

export type Role = 'super_admin' | 'tenant_admin' | 'operator' | 'viewer';

export interface SessionAdmin {
  id: string;
  username: string;
  role: Role;
  tenantId: string | null;
}

/** An error answered by the server as {error:{code,message,retryAfter?}}. */
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public retryAfter?: number,
  ) {
    super(message);
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; retryAfter?: number } } = {};
  try {
    body = await res.json();
  } catch {
    // non-JSON error page (proxy, crash): fall back to the status line
  }
  const retryHeader = Number(res.headers.get('Retry-After'));
  return new ApiError(
    res.status,
    body.error?.code ?? (res.status === 401 ? 'UNAUTHENTICATED' : `HTTP_${res.status}`),
    body.error?.message ?? res.statusText,
    body.error?.retryAfter ?? (Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined),
  );
}

type WireAdmin = Omit<SessionAdmin, 'id' | 'tenantId'> & { id: string | number; tenantId?: string | number | null };

/**
 * The REST API sends ids as JSON numbers; GraphQL sends the same ids as ID
 * strings. Normalise to strings so `row.id === me.id` holds across both.
 */
function normalise(a: WireAdmin): SessionAdmin {
  return { ...a, id: String(a.id), tenantId: a.tenantId == null ? null : String(a.tenantId) };
}

export async function login(username: string, password: string): Promise<SessionAdmin> {
  const res = await fetch('/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw await toApiError(res);
  return normalise(((await res.json()) as { admin: WireAdmin }).admin);
}

export async function logout(): Promise<void> {
  // The server takes only JSON on /auth POSTs (no cross-site form can send it).
  await fetch('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
}

/** The current admin, or null when there is no valid session. */
export async function me(): Promise<SessionAdmin | null> {
  const res = await fetch('/auth/me', { credentials: 'same-origin' });
  if (res.status === 401) return null;
  if (!res.ok) throw await toApiError(res);
  return normalise(((await res.json()) as { admin: WireAdmin }).admin);
}
