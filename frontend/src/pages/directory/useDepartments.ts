import { useEffect, useState } from 'react';
import { useQueryFn } from '../../api/useQueryFn';
import { nodes } from '../../api/cursorPages';
import { DirectoryDepartmentsQuery, DirectoryMembershipsQuery } from './operations';
import { sideWhere, type Side } from './side';
import type { DirectoryDepartmentsQuery as Depts, DirectoryMembershipsQuery as Members } from '../../gql/graphql';

export interface Dept {
  id: string;
  name: string;
  parentID?: string | null;
  order: number;
  removedAt?: string | null;
  outOfScopeAt?: string | null;
}

// Directories are small enough (hundreds to a few thousand departments) to
// load whole, which makes search and expand-all instant.
const PAGE = 500;
// Member counts cost one row per membership: only worth it for small sides.
const MAX_MEMBERSHIPS = 5000;
const MEMBER_PAGE = 1000;

/**
 * One side's departments (removed ones only when asked) and, when cheap, how
 * many people still in the directory are direct members of each. `version`
 * reloads both (after a pull).
 */
export function useDepartments(side: Side, showRemoved: boolean, version: number) {
  const query = useQueryFn();
  const [depts, setDepts] = useState<Dept[] | null>(null);
  const [counts, setCounts] = useState<Map<string, number> | null>(null);

  useEffect(() => {
    let live = true;
    setDepts(null);
    setCounts(null);
    // Departments and member counts are independent queries: both start at
    // once (the tree draws as soon as its departments are in; counts follow).
    const where = { ...sideWhere(side), ...(showRemoved ? {} : { removedAtIsNil: true }) };
    (async () => {
      const all: Dept[] = [];
      let after: string | null = null;
      for (;;) {
        const data: Depts | undefined = await query(DirectoryDepartmentsQuery, { first: PAGE, after, where });
        if (!data || !live) break;
        all.push(...nodes(data.departments));
        if (!data.departments.pageInfo.hasNextPage) break;
        after = data.departments.pageInfo.endCursor ?? null;
      }
      if (live) setDepts(all);
    })();
    (async () => {
      const memberWhere = {
        hasDepartmentWith: [side === 'oa' ? { corpIDIsNil: true } : { corpID: side }],
        hasUserWith: [{ removedAtIsNil: true }],
      };
      const tally = new Map<string, number>();
      let after: string | null = null;
      for (;;) {
        const data: Members | undefined = await query(DirectoryMembershipsQuery, {
          first: MEMBER_PAGE,
          after,
          where: memberWhere,
        });
        if (!data || !live || data.memberships.totalCount > MAX_MEMBERSHIPS) return;
        for (const m of nodes(data.memberships)) tally.set(m.departmentID, (tally.get(m.departmentID) ?? 0) + 1);
        if (!data.memberships.pageInfo.hasNextPage) break;
        after = data.memberships.pageInfo.endCursor ?? null;
      }
      if (live) setCounts(tally);
    })();
    return () => {
      live = false;
    };
  }, [query, side, showRemoved, version]);

  return { depts, counts };
}
