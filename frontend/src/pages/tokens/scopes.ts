import type { MessageKey, Translate } from '../../i18n/I18nProvider';

/** The API token scopes (ent/viewer/scope.go), in the order the form offers them. */
export const TOKEN_SCOPES = ['read', 'directory:write', 'sync:write', 'push:write', 'login:redeem', 'broadcast:write', 'integration:write'];

/** A scope in the console's language; unknown ones as they are. */
export function scopeText(t: Translate, scope: string): string {
  const key = `tokenScope.${scope}` as MessageKey;
  return t(key) === key ? scope : t(key);
}
