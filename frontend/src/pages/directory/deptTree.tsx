import type { TreeDataNode } from 'antd';
import { Tag, Typography } from 'antd';
import type { Translate } from '../../i18n/I18nProvider';
import type { Dept } from './useDepartments';

/**
 * Nests departments under their parents, sorted as the source orders them.
 * A filter keeps matching nodes and the path to them; removed departments
 * are greyed and tagged; member counts, when known, follow the name.
 */
export function buildTree(depts: Dept[], filter: string, counts: Map<string, number> | null, t: Translate): TreeDataNode[] {
  const byParent = new Map<string | null, Dept[]>();
  const ids = new Set(depts.map((d) => d.id));
  for (const d of depts) {
    // A parent outside the set (e.g. removed and hidden) makes the node a root, not an orphan.
    const p = d.parentID && ids.has(d.parentID) ? d.parentID : null;
    byParent.set(p, [...(byParent.get(p) ?? []), d]);
  }
  const needle = filter.trim().toLowerCase();
  const title = (d: Dept) => (
    <span data-removed={d.removedAt ? 'true' : undefined}>
      <Typography.Text type={d.removedAt ? 'secondary' : undefined} delete={!!d.removedAt}>
        {d.name}
      </Typography.Text>
      {counts && (
        <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
          {counts.get(d.id) ?? 0}
        </Typography.Text>
      )}
      {d.removedAt && (
        <Tag style={{ marginLeft: 6 }} bordered={false}>
          {t('directory.removed')}
        </Tag>
      )}
      {!d.removedAt && d.outOfScopeAt && (
        <Tag style={{ marginLeft: 6 }} bordered={false} color="gold" data-out-of-scope="true">
          {t('directory.outOfScope')}
        </Tag>
      )}
    </span>
  );
  const build = (parent: string | null): TreeDataNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
      .flatMap((d) => {
        const children = build(d.id);
        if (needle && !d.name.toLowerCase().includes(needle) && children.length === 0) return [];
        return [{ key: d.id, title: title(d), children }];
      });
  return build(null);
}
