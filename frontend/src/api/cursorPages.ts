import { useCallback, useRef } from 'react';

/** The part of a Relay connection a table needs. */
export interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges?: ({ node?: T | null } | null)[] | null;
}

export type FetchPage<T> = (after: string | null, first: number) => Promise<Connection<T> | null | undefined>;

export interface TableResult<T> {
  data: T[];
  total: number;
  success: boolean;
}

export function nodes<T>(conn: Pick<Connection<T>, 'edges'> | null | undefined): T[] {
  return (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
}

/**
 * Adapts Relay cursor pagination to ProTable's page numbers. It remembers the
 * endCursor of every page seen for one filter set (the key); a jump to an
 * unseen page walks forward from the last known one. A new key (filters or
 * page size changed) starts over, because cursors are only valid for the
 * query that produced them.
 */
export function useCursorPages() {
  const state = useRef<{ key: string; after: (string | null)[] }>({ key: '', after: [null] });

  return useCallback(async function load<T>(
    key: string,
    page: number,
    pageSize: number,
    fetch: FetchPage<T>,
  ): Promise<TableResult<T>> {
    const fullKey = `${key}|${pageSize}`;
    if (state.current.key !== fullKey) state.current = { key: fullKey, after: [null] };
    const after = state.current.after;
    let idx = Math.min(Math.max(page - 1, 0), after.length - 1);
    for (;;) {
      const conn = await fetch(after[idx] ?? null, pageSize);
      if (!conn) return { data: [], total: 0, success: false };
      if (conn.pageInfo.hasNextPage) after[idx + 1] = conn.pageInfo.endCursor ?? null;
      if (idx === page - 1 || !conn.pageInfo.hasNextPage) {
        return { data: nodes(conn), total: conn.totalCount, success: true };
      }
      idx++;
    }
  }, []);
}

/** The node type of a generated connection type, for table rows. */
export type NodeOf<C> = C extends { edges?: (infer E)[] | null }
  ? NonNullable<NonNullable<E> extends { node?: infer N } ? N : never>
  : never;
