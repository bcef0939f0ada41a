import type { CombinedError } from '@urql/core';
import type { FormInstance } from 'antd';
import type { MessageKey, Translate } from '../i18n/I18nProvider';

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
  code: ErrorCode | 'NETWORK' | 'UNKNOWN';
  message: string;
  /** For BAD_USER_INPUT: the input field at fault (e.g. "apiBaseURL" or "input.name"). */
  field?: string;
}

/** Flattens urql's CombinedError into the errors the UI cares about. */
export function appErrors(err: CombinedError): AppError[] {
  if (err.networkError || (err.graphQLErrors.length === 0 && err.response?.status === 401)) {
    const status = (err.response as Response | undefined)?.status;
    if (status === 401) return [{ code: 'UNAUTHENTICATED', message: err.message }];
    return [{ code: 'NETWORK', message: err.networkError?.message ?? err.message }];
  }
  return err.graphQLErrors.map((e) => {
    const code = String(e.extensions?.code ?? '');
    const field = e.extensions?.field;
    return {
      code: (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'UNKNOWN',
      message: e.message,
      field: typeof field === 'string' ? field : undefined,
    };
  });
}

export function isUnauthenticated(err: CombinedError): boolean {
  return appErrors(err).some((e) => e.code === 'UNAUTHENTICATED');
}

/** A one-line, localized description; the server's message is kept as detail. */
export function describe(e: AppError, t: Translate): string {
  if (e.code === 'NETWORK') return t('error.network');
  if (e.code === 'UNKNOWN') return e.message || t('error.unknown');
  const title = t(`error.${e.code}` as MessageKey);
  // FORBIDDEN/NOT_FOUND messages from the server are usually more precise.
  return e.message && e.message !== title ? `${title}: ${e.message}` : title;
}

/**
 * Puts BAD_USER_INPUT errors on the matching form fields and returns the rest,
 * which the caller shows as a message. Field paths like "input.appSecret"
 * are matched by their last segment (without a list index), which is how
 * forms name their fields.
 */
export function applyFieldErrors(err: CombinedError, form: FormInstance | undefined): AppError[] {
  const rest: AppError[] = [];
  // getFieldsValue() without arguments lists every registered field, set or not.
  const known = new Set(Object.keys(form?.getFieldsValue() ?? {}));
  for (const e of appErrors(err)) {
    // "input.scopes[0]" → "scopes": list items map onto the list's field.
    const name = e.field?.split('.').pop()?.replace(/\[\d+\]$/, '');
    if (form && e.code === 'BAD_USER_INPUT' && name && known.has(name)) {
      // The field is shown by the form; "input.schedule: not a valid…" reads as "not a valid…".
      const msg = e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
      form.setFields([{ name, errors: [msg] }]);
    } else {
      rest.push(e);
    }
  }
  return rest;
}
