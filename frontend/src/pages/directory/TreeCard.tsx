import type { ReactNode } from 'react';
import { Card } from 'antd';
import { DepartmentTree } from './DepartmentTree';
import type { Side } from './side';

/** A directory's department tree in a card; its title selects the whole side. */
export function TreeCard(props: {
  side: Side;
  title: ReactNode;
  extra?: ReactNode;
  showRemoved: boolean;
  version: number;
  selected: string | null;
  onSelect: (side: Side, id: string | null, name: string) => void;
}) {
  return (
    <Card
      size="small"
      title={props.title}
      extra={props.extra}
      data-testid={`tree-card-${props.side === 'oa' ? 'oa' : 'im'}`}
      styles={{ body: { height: 480, overflow: 'auto' } }}
    >
      <DepartmentTree
        side={props.side}
        showRemoved={props.showRemoved}
        version={props.version}
        selected={props.selected}
        onSelect={(id, name) => props.onSelect(props.side, id, name)}
      />
    </Card>
  );
}
