import type { CombinedError } from '@urql/core';
import type { FormInstance } from 'antd';
import type { Translate } from '../i18n/I18nProvider';
import { errorText, reasonText, statusText } from './errorText';

// The backend's error codes (extensions.code), see DESIGN.md "API conventions".
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PLATFORM_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode | 'NETWORK' | 'UNKNOWN' | string;
  message: string;
  /** For BAD_USER_INPUT: the input field at fault (e.g. "apiBaseURL" or "input.name"). */
  field?: string;
  /** extensions.reason: a key the console words itself (errorText.ts). */
  reason?: string;
  /** All extensions, for the reason's values. */
  ext?: Record<string, unknown>;
  /** PLATFORM_ERROR: the platform's own code. */
  platformCode?: number;
  /** The HTTP status of an answer that was not GraphQL (a 404 page, a proxy's 502). */
  status?: number;
}

/** Flattens urql's CombinedError into the errors the UI cares about. */
export function appErrors(err: CombinedError): AppError[] {
  if (err.networkError || (err.graphQLErrors.length === 0 && err.response?.status === 401)) {
    const status = (err.response as Response | undefined)?.status;
    if (status === 401) return [{ code: 'UNAUTHENTICATED', message: err.message }];
    // An answer that is not GraphQL ("404 page not found" from a server
    // without this route, a proxy's 502 page) is worded by its status.
    if (status && status >= 400) return [{ code: 'NETWORK', message: err.message, status }];
    return [{ code: 'NETWORK', message: err.networkError?.message ?? err.message }];
  }
  return err.graphQLErrors.map((e) => {
    const ext = (e.extensions ?? {}) as Record<string, unknown>;
    const code = String(ext.code ?? '');
    const field = ext.field;
    const reason = ext.reason;
    const pc = ext.platformCode;
    return {
      code: code || 'UNKNOWN',
      message: e.message,
      field: typeof field === 'string' ? field : undefined,
      reason: typeof reason === 'string' ? reason : undefined,
      ext,
      platformCode: typeof pc === 'number' ? pc : undefined,
    };
  });
}

export function isUnauthenticated(err: CombinedError): boolean {
  return appErrors(err).some((e) => e.code === 'UNAUTHENTICATED');
}

/** A one-line description in the console's language (errorText.ts); the server's message is the fallback. */
export function describe(e: AppError, t: Translate): string {
  if (e.code === 'NETWORK') return e.status ? statusText(t, e.status) : t('error.network');
  return errorText(t, e);
}

/**
 * Puts BAD_USER_INPUT errors on the matching form fields and returns the rest,
 * which the caller shows as a message. Field paths like "input.appSecret"
 * are matched by their last segment (without a list index), which is how
 * forms name their fields.
 */
export function applyFieldErrors(err: CombinedError, form: FormInstance | undefined, t?: Translate): AppError[] {
  const rest: AppError[] = [];
  // getFieldsValue() without arguments lists every registered field, set or not.
  const known = new Set(Object.keys(form?.getFieldsValue() ?? {}));
  for (const e of appErrors(err)) {
    // "input.scopes[0]" → "scopes": list items map onto the list's field.
    const name = e.field?.split('.').pop()?.replace(/\[\d+\]$/, '');
    if (form && e.code === 'BAD_USER_INPUT' && name && known.has(name)) {
      // The field is shown by the form; "input.schedule: not a valid…" reads as "not a valid…".
      const own = t ? reasonText(t, e.reason, e.ext) : undefined;
      const msg = own ?? (e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message);
      form.setFields([{ name, errors: [msg] }]);
    } else {
      rest.push(e);
    }
  }
  return rest;
}
