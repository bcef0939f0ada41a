// The console's words for errors: by GraphQL code, by the server's
// extensions.reason (with its values), by the platform's own code, and by
// the HTTP status of an answer that is not GraphQL. The server's English
// message is the fallback, shown only when none of these is known.
import type { MessageKey, Translate } from '../i18n/I18nProvider';

/** The pieces of an error the console can word. */
export interface ErrorFacts {
  code: string;
  message: string;
  reason?: string;
  /** extensions of the error: values the reason's text uses. */
  ext?: Record<string, unknown>;
  /** A platform's own code (PLATFORM_ERROR's extensions.platformCode, a capability's code). */
  platformCode?: number | null;
  /** The HTTP status of a non-GraphQL answer. */
  status?: number;
}

function known(t: Translate, key: string): string | undefined {
  const s = t(key as MessageKey);
  return s === key ? undefined : s;
}

/**
 * Text for a platform code, or undefined when the console has none. The
 * platforms' numbers overlap (WeCom's 40003 is not Feishu's), so a WeCom
 * code is only read as WeCom's: Feishu's is the default.
 */
export function platformCodeText(
  t: Translate,
  code: number | string | null | undefined,
  platform?: string | null,
): string | undefined {
  if (code === null || code === undefined || code === '' || code === 0) return undefined;
  return known(t, `${platform === 'wecom' ? 'wcode' : 'pcode'}.${code}`);
}

/**
 * A platform's refusal of one item (a run's failed item, a sync change, a
 * push delivery) in the console's language: the text for its code when the
 * console has one, the server's (English, or the platform's own) words
 * otherwise; `detail` keeps the server's words when they are not the text.
 */
export function platformMessage(
  t: Translate,
  e: { code?: number | string | null; message?: string | null; platform?: string | null },
): { text: string; detail?: string } {
  const own = platformCodeText(t, e.code, e.platform);
  const message = e.message ?? '';
  if (!own) return { text: message };
  return { text: own, detail: message && message !== own ? message : undefined };
}

/** Text for a reason with its values, or undefined when unknown. */
export function reasonText(t: Translate, reason: string | undefined, ext?: Record<string, unknown>): string | undefined {
  if (!reason) return undefined;
  const key = `reason.${reason}`;
  const s = known(t, key);
  if (!s) return undefined;
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(ext ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') vars[k] = known(t, `reason.${k}.${v}`) ?? String(v);
  }
  return t(key as MessageKey, vars);
}

/** Text for an HTTP status of an answer that is not GraphQL ("404 page not found"). */
export function statusText(t: Translate, status: number): string {
  if (status === 404) return t('error.http404');
  if (status >= 500) return t('error.http5xx', { status });
  return t('error.httpOther', { status });
}

/**
 * One line in the console's language: the code's title and the most precise
 * text the console has (reason, platform code); the server's message only
 * when the console has nothing more precise.
 */
export function errorText(t: Translate, e: ErrorFacts): string {
  if (e.status && e.code !== 'UNAUTHENTICATED') return statusText(t, e.status);
  const title = known(t, `error.${e.code}`);
  // PLATFORM_ERROR names its platform (extensions.platform): WeCom's codes are not Feishu's.
  const platform = typeof e.ext?.platform === 'string' ? e.ext.platform : undefined;
  const precise = reasonText(t, e.reason, e.ext) ?? platformCodeText(t, e.platformCode, platform);
  if (precise) return precise;
  if (!title) return e.message || t('error.unknown');
  if (e.code === 'INTERNAL' || !e.message || e.message === title) return title;
  return `${title}: ${e.message}`;
}
