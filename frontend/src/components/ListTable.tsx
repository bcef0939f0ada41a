import type { ReactNode, RefObject } from 'react';
import { ProTable, type ActionType, type ProColumns, type ProTableProps } from '@ant-design/pro-components';
import { useCursorPages, type Connection } from '../api/cursorPages';

/**
 * The searchable, cursor-paginated table of the list pages (tenants, admins,
 * corps, API tokens): `where` turns the search form's values into the
 * connection's filter, `fetch` loads one page of it.
 */
export function ListTable<Row extends { id: string }, Where>(props: {
  actionRef: RefObject<ActionType | null>;
  columns: ProColumns<Row>[];
  where: (params: Record<string, string | undefined>) => Where;
  fetch: (vars: { first: number; after: string | null; where: Where }) => Promise<Connection<Row> | null | undefined>;
  toolbar?: ReactNode;
  /** Rows that open to show more (the push log's deliveries). */
  expandable?: ProTableProps<Row, Record<string, unknown>>['expandable'];
}) {
  const pages = useCursorPages();
  return (
    <ProTable<Row>
      rowKey="id"
      actionRef={props.actionRef}
      columns={props.columns}
      search={{ labelWidth: 'auto' }}
      pagination={{ defaultPageSize: 20 }}
      request={async ({ current = 1, pageSize = 20, ...params }) => {
        const where = props.where(params);
        return pages(JSON.stringify(where), current, pageSize, (after, first) => props.fetch({ first, after, where }));
      }}
      toolBarRender={() => (props.toolbar ? [props.toolbar] : [])}
      expandable={props.expandable}
    />
  );
}
