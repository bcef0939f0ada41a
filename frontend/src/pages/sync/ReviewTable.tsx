import { useRef, useState } from 'react';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Popconfirm, Segmented, Space, Tag } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { useCursorPages, type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { useSubmit } from '../../api/useSubmit';
import { usePermission } from '../../auth/usePermission';
import { ResolveReviewItemMutation, ReviewItemsQuery } from './engineOperations';
import type { ReviewItemKind, ReviewItemStatus, ReviewItemsQuery as Data } from '../../gql/graphql';

type Row = NodeOf<Data['reviewItems']>;

/**
 * The review queue: what plans (and pulls' auto-binding) left to a person.
 * An ambiguous item lists its candidates; one click binds the chosen one.
 */
export function ReviewTable(props: { runId?: string; corpId?: string; kind?: ReviewItemKind; onChanged?: () => void }) {
  const t = useT();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  const submit = useSubmit();
  const { message } = App.useApp();
  const canWrite = usePermission('directory:write');
  const [status, setStatus] = useState<ReviewItemStatus | 'all'>(props.runId ? 'all' : 'open');

  const resolve = async (row: Row, candidate: string | null) => {
    const ok = await submit(ResolveReviewItemMutation, {
      input: candidate ? { id: row.id, candidate } : { id: row.id, dismiss: true },
    });
    if (!ok) return;
    message.success(candidate ? t('sc.review.resolved', { who: candidate }) : t('sc.review.dismissed'));
    action.current?.reload();
    props.onChanged?.();
  };

  const columns: ProColumns<Row>[] = [
    { title: t('sc.review.kind'), dataIndex: 'kind', width: 120, render: (_, r) => <Tag color={r.kind === 'ambiguous' ? 'gold' : 'default'}>{r.kind}</Tag> },
    { title: t('sc.review.name'), dataIndex: 'name', width: 140, render: (_, r) => `${r.name}${r.source ? ` (${r.source})` : ''}` },
    { title: t('sc.review.text'), dataIndex: 'text', ellipsis: true },
    {
      title: t('sc.review.candidates'),
      key: 'candidates',
      render: (_, r) =>
        r.status !== 'open' ? (
          <Tag>{r.resolution ? t('sc.review.resolved', { who: r.resolution }) : t('sc.review.dismissed')}</Tag>
        ) : (
          <Space wrap>
            {(r.candidates ?? []).map((c) => (
              <Popconfirm key={c} title={t('sc.review.resolved', { who: c })} onConfirm={() => resolve(r, c)} disabled={!canWrite}>
                <Button size="small" disabled={!canWrite} data-testid="review-candidate">
                  {c}
                </Button>
              </Popconfirm>
            ))}
            <Button size="small" type="link" disabled={!canWrite} onClick={() => resolve(r, null)} data-testid="review-dismiss">
              {t('sc.review.dismiss')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <ProTable<Row>
      data-testid="review-items"
      actionRef={action}
      rowKey="id"
      size="small"
      search={false}
      options={{ reload: true, density: false, setting: false }}
      headerTitle={
        <Segmented<ReviewItemStatus | 'all'>
          size="small"
          value={status}
          onChange={(s) => {
            setStatus(s);
            action.current?.reloadAndRest?.();
          }}
          options={[
            { value: 'open', label: t('sc.review.open') },
            { value: 'all', label: t('sc.review.all') },
          ]}
        />
      }
      columns={columns}
      pagination={{ defaultPageSize: 20 }}
      locale={{ emptyText: t('sc.review.empty') }}
      params={{ status }}
      request={async ({ current = 1, pageSize = 20 }) => {
        const where = {
          runID: props.runId,
          corpID: props.corpId,
          kind: props.kind,
          status: status === 'all' ? undefined : status,
        };
        return pages(JSON.stringify(where), current, pageSize, async (after, first) => {
          const data = await query(ReviewItemsQuery, { first, after, where });
          return data?.reviewItems;
        });
      }}
    />
  );
}
