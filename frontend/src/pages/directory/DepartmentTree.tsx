import { useEffect, useMemo, useState } from 'react';
import { Empty, Input, Spin, Tree, type TreeDataNode } from 'antd';
import { useQueryFn } from '../../api/useQueryFn';
import { nodes } from '../../api/cursorPages';
import { useT } from '../../i18n/I18nProvider';
import { DirectoryDepartmentsQuery } from './operations';
import { sideWhere, type Side } from './side';
import type { DirectoryDepartmentsQuery as Data } from '../../gql/graphql';

interface Dept {
  id: string;
  name: string;
  parentID?: string | null;
  order: number;
}

// OA directories are small enough (hundreds to a few thousand departments)
// to load whole, which makes search and expand-all instant.
const PAGE = 500;

function buildTree(depts: Dept[], filter: string): TreeDataNode[] {
  const byParent = new Map<string | null, Dept[]>();
  const ids = new Set(depts.map((d) => d.id));
  for (const d of depts) {
    // A parent outside the set (e.g. removed) makes the node a root, not an orphan.
    const p = d.parentID && ids.has(d.parentID) ? d.parentID : null;
    byParent.set(p, [...(byParent.get(p) ?? []), d]);
  }
  const needle = filter.trim().toLowerCase();
  const build = (parent: string | null): TreeDataNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
      .flatMap((d) => {
        const children = build(d.id);
        if (needle && !d.name.toLowerCase().includes(needle) && children.length === 0) return [];
        return [{ key: d.id, title: d.name, children }];
      });
  return build(null);
}

/** The OA department tree; selecting a node filters the users table. */
export function DepartmentTree(props: {
  side: Side;
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const t = useT();
  const query = useQueryFn();
  const [depts, setDepts] = useState<Dept[] | null>(null);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    let live = true;
    setDepts(null);
    (async () => {
      const all: Dept[] = [];
      let after: string | null = null;
      for (;;) {
        const data: Data | undefined = await query(DirectoryDepartmentsQuery, {
          first: PAGE,
          after,
          where: sideWhere(props.side),
        });
        if (!data) break;
        all.push(...nodes(data.departments));
        if (!data.departments.pageInfo.hasNextPage) break;
        after = data.departments.pageInfo.endCursor ?? null;
      }
      if (live) setDepts(all);
    })();
    return () => {
      live = false;
    };
  }, [query, props.side]);

  const tree = useMemo(() => buildTree(depts ?? [], filter), [depts, filter]);
  if (depts === null) return <Spin />;
  if (depts.length === 0) {
    return <Empty description={props.side === 'oa' ? t('directory.noDepartments') : t('directory.noMirror')} />;
  }
  return (
    <div data-testid="department-tree">
      <Input.Search allowClear placeholder={t('directory.departments')} onChange={(e) => setFilter(e.target.value)} />
      <Tree
        style={{ marginTop: 8 }}
        blockNode
        defaultExpandAll
        // Remount on filter so defaultExpandAll applies to the filtered tree.
        key={filter}
        treeData={tree}
        selectedKeys={props.selected ? [props.selected] : []}
        onSelect={(keys) => props.onSelect(keys.length ? String(keys[0]) : null)}
      />
    </div>
  );
}
