import { useEffect, useRef, type RefObject } from 'react';
import type { ActionType } from '@ant-design/pro-components';

/**
 * Reloads a ProTable when `key` (its filters outside the table's own form)
 * changes, back on page 1 when `toFirstPage`. Not on mount: ProTable loads
 * its first page itself, and an effect that reloads on mount (twice under
 * React's StrictMode) sent the same query two more times and made the first
 * rows wait for the last of them.
 */
export function useReloadOnChange(action: RefObject<ActionType | null>, key: string, toFirstPage = false) {
  const last = useRef(key);
  useEffect(() => {
    if (last.current === key) return;
    last.current = key;
    if (toFirstPage) action.current?.reloadAndRest?.();
    else action.current?.reload();
  }, [action, key, toFirstPage]);
}
