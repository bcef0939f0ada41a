import type { MessageKey, Translate } from '../../i18n/I18nProvider';

/** The capabilities verifyApp probes, in the order the console lists them. */
export const CAPABILITIES = ['credentials', 'contact_read', 'contact_user_id', 'contact_write', 'message_send'] as const;

export interface CapabilityResult {
  name: string;
  ok: boolean;
  code?: number | null;
  message?: string | null;
  /** credentials, permission, out_of_range, network, … (graph/feishu.graphql Capability.class). */
  class?: string | null;
  host?: string | null;
  cause?: string | null;
}

/** Capabilities the console has no label for yet are shown by their name. */
export function capLabel(t: Translate, name: string): string {
  const key = `cap.${name}` as MessageKey;
  return t(key) === key ? name : t(key);
}

/**
 * The known capabilities in a fixed order, each with its result (undefined
 * when the last verification did not report it), then any unknown ones.
 */
export function capabilityRows(results: readonly CapabilityResult[] | null | undefined) {
  const byName = new Map((results ?? []).map((c) => [c.name, c]));
  // The platform was not reached: nothing else was checked.
  if (byName.has('network')) return [{ name: 'network', result: byName.get('network') }];
  const known: string[] = [...CAPABILITIES];
  const extra = (results ?? []).filter((c) => !known.includes(c.name)).map((c) => c.name);
  return [...known, ...extra].map((name) => ({ name, result: byName.get(name) }));
}
