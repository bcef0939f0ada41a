import { useMemo } from 'react';
import { Badge, Empty, Space, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import type { PlanFieldsFragment } from '../../gql/graphql';

type Node = NonNullable<NonNullable<PlanFieldsFragment['plan']>['tree']>[number];

/** The seed's colours (seed 003 §4.3.2.2): matched orange, new blue; bound ones carry a dot. */
export const TREE_COLOR: Record<string, string> = {
  matched: 'orange',
  bound: 'orange',
  new: 'blue',
  target_only: 'default',
  deleted: 'red',
};

/** The plan's merged department tree. */
export function PlanTree(props: { nodes: Node[] }) {
  const t = useT();
  const data = useMemo(() => {
    const byParent = new Map<string, Node[]>();
    const keys = new Set(props.nodes.map((n) => n.key));
    for (const n of props.nodes) {
      const p = keys.has(n.parentKey) ? n.parentKey : '';
      byParent.set(p, [...(byParent.get(p) ?? []), n]);
    }
    const build = (parent: string): DataNode[] =>
      (byParent.get(parent) ?? []).map((n) => ({
        key: n.key,
        title: (
          <Space size={4} data-testid="plan-dept" data-status={n.status} data-bound={n.bound ? 'true' : 'false'}>
            {n.bound && <Badge color="black" data-testid="bound-dot" />}
            <Typography.Text style={{ color: n.status === 'new' ? '#1677ff' : n.status === 'matched' || n.status === 'bound' ? '#fa8c16' : undefined }}>
              {n.name}
            </Typography.Text>
            <Tag bordered={false} color={TREE_COLOR[n.status] ?? 'default'}>
              {t(`sc.tree.${n.status}` as MessageKey)}
            </Tag>
          </Space>
        ),
        children: build(n.key),
      }));
    return build('');
  }, [props.nodes, t]);

  if (props.nodes.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <>
      <Space size="small" style={{ marginBottom: 8 }}>
        <Tag color="orange">{t('sc.tree.matched')}</Tag>
        <Tag color="blue">{t('sc.tree.new')}</Tag>
        <Space size={4}>
          <Badge color="black" />
          {t('sc.tree.bound')}
        </Space>
      </Space>
      <Tree treeData={data} defaultExpandAll showLine selectable={false} height={480} data-testid="plan-tree" />
    </>
  );
}
