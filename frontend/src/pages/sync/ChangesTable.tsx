import { useRef, useState } from 'react';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Input, Segmented, Space, Tag, Typography } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useCursorPages, type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { useReloadOnChange } from '../../api/useReloadOnChange';
import { PlatformText } from '../../components/PlatformText';
import { SyncChangesQuery } from './engineOperations';
import { GROUPS, groupCount, groupWhere, type Group } from './changeGroups';
import { ReviewTable } from './ReviewTable';
import type { SyncChangesQuery as Data, SyncChangeStatus } from '../../gql/graphql';

type Row = NodeOf<Data['syncChanges']>;

const STATUS_COLOR: Record<SyncChangeStatus, string> = { pending: 'default', applied: 'green', failed: 'red', skipped: 'orange' };
const ACTION_COLOR: Record<string, string> = { create: 'blue', update: 'gold', move: 'purple', disable: 'orange', delete: 'red', bind: 'cyan' };

function actionColor(action: string): string {
  const verb = action.split('_')[0];
  return ACTION_COLOR[verb] ?? (verb === 'enable' || verb === 'restore' ? 'green' : 'default');
}

/**
 * A run's changes, filterable by group (create, update, move, disable,
 * delete, bind, ambiguous, out of scope), by result and by name; updates
 * show their field diff, failures the platform's code and message.
 */
export function ChangesTable(props: {
  runId: string;
  byAction: { kind: string; count: number }[];
  ambiguous: number;
  /** Show the result column (applied runs). */
  results?: boolean;
  /** The corp's platform, to word a failure by its code. */
  platform?: string;
}) {
  const t = useT();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  const [group, setGroup] = useState<Group>('all');
  const [name, setName] = useState('');
  const [status, setStatus] = useState<SyncChangeStatus | 'all'>('all');
  useReloadOnChange(action, `${group}|${name}|${status}|${props.runId}`, true);

  const columns: ProColumns<Row>[] = [
    { title: '#', dataIndex: 'ordinal', width: 56 },
    {
      title: t('sc.col.action'),
      dataIndex: 'action',
      width: 130,
      render: (_, r) => (
        <Tag color={actionColor(r.action)} data-testid="change-action">
          {t(`sc.action.${r.action}` as MessageKey)}
        </Tag>
      ),
    },
    { title: t('sc.col.name'), dataIndex: 'name', width: 160 },
    {
      title: t('sc.col.diff'),
      key: 'diff',
      render: (_, r) =>
        r.diff?.length ? (
          <Space direction="vertical" size={0}>
            {r.diff.map((d) => (
              <span key={d.field}>
                <Typography.Text type="secondary">{d.field}: </Typography.Text>
                <Typography.Text delete>{d.before || '∅'}</Typography.Text> → <Typography.Text strong>{d.after || '∅'}</Typography.Text>
              </span>
            ))}
          </Space>
        ) : (
          '-'
        ),
    },
    { title: t('sc.col.reason'), dataIndex: 'reason', ellipsis: true },
    ...(props.results
      ? ([
          {
            title: t('sc.col.status'),
            dataIndex: 'status',
            width: 100,
            render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{t(`sc.status.${r.status}` as MessageKey)}</Tag>,
          },
          {
            title: t('sc.col.message'),
            key: 'message',
            // The platform's code in the console's language; its own words as a tooltip.
            render: (_, r) => (r.code || r.message ? <PlatformText code={r.code} message={r.message} platform={props.platform} /> : '-'),
          },
        ] as ProColumns<Row>[])
      : []),
  ];

  const filters = (
    <Space wrap>
      <Segmented<Group>
        size="small"
        value={group}
        onChange={setGroup}
        data-testid="change-groups"
        options={[
          { value: 'all', label: `${t('workbench.report.all')} ${groupCount('all', props.byAction, props.ambiguous)}` },
          ...GROUPS.map((g) => {
            const n = groupCount(g, props.byAction, props.ambiguous);
            return { value: g, label: n === null ? t(`sc.group.${g}` as MessageKey) : `${t(`sc.group.${g}` as MessageKey)} ${n}` };
          }),
        ]}
      />
      {props.results && group !== 'ambiguous' && (
        <Segmented<SyncChangeStatus | 'all'>
          size="small"
          value={status}
          onChange={setStatus}
          data-testid="change-status"
          options={[
            { value: 'all', label: t('workbench.report.all') },
            ...(['applied', 'failed', 'skipped', 'pending'] as SyncChangeStatus[]).map((s) => ({ value: s, label: t(`sc.status.${s}` as MessageKey) })),
          ]}
        />
      )}
      <Input.Search size="small" allowClear placeholder={t('sc.filter.name')} onSearch={setName} style={{ width: 180 }} />
    </Space>
  );

  if (group === 'ambiguous') {
    return (
      <>
        {filters}
        <ReviewTable runId={props.runId} kind="ambiguous" />
      </>
    );
  }
  return (
    <ProTable<Row>
      data-testid="sync-changes"
      actionRef={action}
      rowKey="id"
      size="small"
      search={false}
      options={false}
      headerTitle={filters}
      columns={columns}
      pagination={{ defaultPageSize: 20 }}
      scroll={{ x: 'max-content' }}
      request={async ({ current = 1, pageSize = 20 }) => {
        const where = {
          ...groupWhere(group),
          nameContains: name.trim() || undefined,
          status: status === 'all' ? undefined : status,
        };
        return pages(`${props.runId}|${JSON.stringify(where)}`, current, pageSize, async (after, first) => {
          const data = await query(SyncChangesQuery, { runID: props.runId, first, after, where });
          return data?.syncChanges;
        });
      }}
    />
  );
}
