import { useMemo, useState } from 'react';
import { Empty, Input, Spin, Tree } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { useDepartments } from './useDepartments';
import { buildTree } from './deptTree';
import type { Side } from './side';

/** One side's department tree; selecting a node filters the users table to its members. */
export function DepartmentTree(props: {
  side: Side;
  showRemoved: boolean;
  /** Bumped to reload (after a pull). */
  version: number;
  selected: string | null;
  onSelect: (id: string | null, name: string) => void;
}) {
  const t = useT();
  const { depts, counts } = useDepartments(props.side, props.showRemoved, props.version);
  const [filter, setFilter] = useState('');
  const tree = useMemo(() => buildTree(depts ?? [], filter, counts, t), [depts, filter, counts, t]);
  const names = useMemo(() => new Map((depts ?? []).map((d) => [d.id, d.name])), [depts]);

  if (depts === null) return <Spin />;
  if (depts.length === 0) {
    return <Empty description={props.side === 'oa' ? t('directory.noDepartments') : t('directory.noMirror')} />;
  }
  return (
    <div data-testid="department-tree" data-side={props.side === 'oa' ? 'oa' : 'im'} data-counted={counts ? 'true' : 'false'}>
      <Input.Search allowClear placeholder={t('directory.departments')} onChange={(e) => setFilter(e.target.value)} />
      <Tree
        style={{ marginTop: 8 }}
        blockNode
        defaultExpandAll
        // Remount on filter so defaultExpandAll applies to the filtered tree.
        key={filter}
        treeData={tree}
        selectedKeys={props.selected ? [props.selected] : []}
        onSelect={(keys) => {
          const id = keys.length ? String(keys[0]) : null;
          props.onSelect(id, id ? (names.get(id) ?? '') : '');
        }}
      />
    </div>
  );
}
