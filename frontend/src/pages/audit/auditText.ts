import type { MessageKey, Translate } from '../../i18n/I18nProvider';

function known(t: Translate, key: string): string | undefined {
  const s = t(key as MessageKey);
  return s === key ? undefined : s;
}

/** An action in words ("Created a corp"); unknown ones as recorded. */
export function actionText(t: Translate, action: string): string {
  return known(t, `act.${action}`) ?? action;
}

/** An object type in words ("Corp"); unknown ones as recorded. */
export function typeText(t: Translate, type: string | null | undefined): string {
  if (!type) return '';
  return known(t, `type.${type}`) ?? type;
}

/** The name of a node from the targets query. */
export function nodeName(n: Record<string, unknown> | null | undefined): string | undefined {
  if (!n) return undefined;
  for (const k of ['name', 'username']) if (typeof n[k] === 'string' && n[k]) return n[k] as string;
  return undefined;
}

/** The name recorded in a snapshot (before/after), for deleted objects. */
export function snapshotName(json: string | null | undefined): string | undefined {
  if (!json) return undefined;
  try {
    const o = JSON.parse(json) as Record<string, unknown>;
    for (const k of ['name', 'username', 'slug']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  } catch {
    // not JSON: nothing to show
  }
  return undefined;
}

/** before/after as rows of changed (and unchanged) fields. */
export function diffRows(before?: string | null, after?: string | null) {
  const parse = (s?: string | null): Record<string, unknown> => {
    try {
      return s ? (JSON.parse(s) as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const b = parse(before);
  const a = parse(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !['created_at', 'updated_at'].includes(k));
  const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  return keys
    .map((k) => ({ field: k, before: show(b[k]), after: show(a[k]), changed: show(b[k]) !== show(a[k]) }))
    .sort((x, y) => Number(y.changed) - Number(x.changed) || x.field.localeCompare(y.field));
}

/** RFC 4180 CSV with a BOM, so Excel opens Chinese text correctly. */
export function toCSV(rows: string[][]): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
