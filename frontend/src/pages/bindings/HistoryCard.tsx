import { useRef } from 'react';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { useCursorPages, type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { useReloadOnChange } from '../../api/useReloadOnChange';
import { BindingHistoryQuery } from './operations';
import type { BindingHistoryQuery as Data } from '../../gql/graphql';

type Row = NodeOf<Data['auditEvents']>;

interface Summary {
  corpID?: number;
  oaUser?: string;
  imUser?: string;
  method?: string;
  row?: number;
}

function parse(s: string | null | undefined): Summary {
  try {
    return JSON.parse(s ?? '') as Summary;
  } catch {
    return {};
  }
}

/** Every binding made or removed in the corp, newest first, from the audit log. */
export function HistoryCard(props: { corpId: string; version: number }) {
  const t = useT();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  useReloadOnChange(action, `${props.version}|${props.corpId}`);

  const columns: ProColumns<Row>[] = [
    { title: t('workbench.history.at'), dataIndex: 'at', valueType: 'dateTime', width: 170 },
    {
      title: t('workbench.history.action'),
      dataIndex: 'action',
      width: 90,
      render: (_, r) =>
        r.action === 'binding.bind' ? (
          <Tag color="green">{t('workbench.action.bind')}</Tag>
        ) : (
          <Tag color="red">{t('workbench.action.unbind')}</Tag>
        ),
    },
    {
      title: t('workbench.history.detail'),
      dataIndex: 'summary',
      render: (_, r) => {
        const s = parse(r.summary);
        return `${s.imUser ?? '?'} ⇄ ${s.oaUser ?? '?'} · ${s.method ?? ''}${s.row ? ` · #${s.row}` : ''}`;
      },
    },
    { title: t('workbench.history.actor'), dataIndex: 'actorName', width: 140 },
  ];

  return (
    <ProTable<Row>
      data-testid="binding-history"
      headerTitle={t('workbench.history.title')}
      actionRef={action}
      rowKey="id"
      search={false}
      options={{ reload: true, density: false, setting: false }}
      columns={columns}
      pagination={{ pageSize: 10 }}
      request={async ({ current = 1, pageSize = 10 }) => {
        const where = {
          actionIn: ['binding.bind', 'binding.unbind'],
          // The summary is JSON with sorted keys: {"corpID":7,"imUser":…}.
          summaryContains: `"corpID":${props.corpId},`,
        };
        return pages(JSON.stringify(where), current, pageSize, async (after, first) => {
          const data = await query(BindingHistoryQuery, { first, after, where });
          return data?.auditEvents;
        });
      }}
    />
  );
}
