import { useEffect, useRef, type ReactNode } from 'react';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useCursorPages, type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { useReloadOnChange } from '../../api/useReloadOnChange';
import { usePermission } from '../../auth/usePermission';
import { DirectoryUsersQuery } from './operations';
import { BindingTags } from './BindingTags';
import { BindingActions } from './BindingActions';
import { rowBindings } from './bindings';
import { sideWhere, type Side } from './side';
import type { CorpPlatform, DirectoryUsersQuery as Data, UserStatus } from '../../gql/graphql';

type Row = NodeOf<Data['users']>;

const STATUS_COLOR: Record<UserStatus, string> = { active: 'green', disabled: 'orange', resigned: 'default' };
const STATUSES: UserStatus[] = ['active', 'disabled', 'resigned'];

/**
 * One side's users, server-side filtered and cursor-paginated; `department`
 * narrows to its members. People removed from their directory are left out
 * unless `showRemoved`, and then greyed.
 */
export function UsersTable(props: {
  side: Side;
  department: string | null;
  showRemoved: boolean;
  /** Bumped to reload (after a pull). */
  version: number;
  title: ReactNode;
  toolbar?: ReactNode;
  /** The corp's platform when an IM side is shown (WeCom explains missing mobiles). */
  platform?: CorpPlatform;
}) {
  const t = useT();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  const canBind = usePermission('directory:write');
  const statusLabel = (s: UserStatus) => t(`status.${s}` as MessageKey);
  const reload = () => action.current?.reload();

  // A new department, side or removed toggle is a new filter: go back to page 1.
  useReloadOnChange(action, `${props.department}|${props.side}|${props.showRemoved}`, true);
  // New data (a pull ended): stay on the page.
  useEffect(() => {
    if (props.version > 0) action.current?.reload();
  }, [props.version]);

  // Who and where first; contact details after (the table scrolls sideways).
  const columns: ProColumns<Row>[] = [
    {
      title: t('directory.search'),
      dataIndex: 'search',
      hideInTable: true,
      fieldProps: { placeholder: t('directory.searchPlaceholder') },
    },
    {
      title: t('directory.name'),
      dataIndex: 'name',
      search: false,
      width: 110,
      fixed: 'left',
      render: (_, row) =>
        row.removedAt ? (
          <span data-removed="true">
            <Typography.Text type="secondary">{row.name}</Typography.Text>{' '}
            <Tag bordered={false}>{t('directory.removed')}</Tag>
          </span>
        ) : row.outOfScopeAt ? (
          <span data-out-of-scope="true">
            <Typography.Text type="secondary">{row.name}</Typography.Text>{' '}
            <Tag bordered={false} color="gold">
              {t('directory.outOfScope')}
            </Tag>
          </span>
        ) : (
          row.name
        ),
    },
    {
      title: t('directory.memberships'),
      dataIndex: 'memberships',
      search: false,
      width: 260,
      render: (_, row) => (
        <Space size={[0, 4]} wrap>
          {[...(row.memberships ?? [])]
            .sort((a, b) => Number(b.primary) - Number(a.primary))
            .map((m) => (
              <Tag key={m.id} color={m.primary ? 'blue' : undefined}>
                {m.department.name}
                {m.primary ? ` · ${t('directory.primary')}` : ''}
              </Tag>
            ))}
        </Space>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      width: 90,
      valueEnum: Object.fromEntries(STATUSES.map((s) => [s, { text: statusLabel(s) }])),
      render: (_, row) => <Tag color={STATUS_COLOR[row.status]}>{statusLabel(row.status)}</Tag>,
    },
    {
      // Filterable: after an auto-bind most people are bound, and the admin
      // looks for those who are not.
      title: t('bindings.column'),
      dataIndex: 'binding',
      valueType: 'select',
      width: 180,
      valueEnum: { bound: { text: t('bindings.filterBound') }, unbound: { text: t('bindings.none') } },
      fieldProps: { 'data-testid': 'binding-filter' },
      render: (_, row) => <BindingTags bindings={rowBindings(row)} />,
    },
    {
      title: t('directory.mobile'),
      dataIndex: 'mobile',
      search: false,
      width: 130,
      render: (_, row) =>
        row.mobile ||
        (props.side !== 'oa' && props.platform === 'wecom' ? (
          <Tooltip title={t('wecom.mobileMissing')}>
            <Typography.Text type="secondary" data-testid="mobile-missing">
              -
            </Typography.Text>
          </Tooltip>
        ) : (
          '-'
        )),
    },
    { title: t('directory.email'), dataIndex: 'email', search: false, ellipsis: true, width: 200 },
    { title: t('directory.employeeNo'), dataIndex: 'employeeNo', search: false, width: 100 },
    { title: t('directory.jobTitle'), dataIndex: 'title', search: false, width: 110, ellipsis: true },
    { title: props.side === 'oa' ? t('directory.externalID') : t('directory.imUserID'), dataIndex: 'externalID', search: false, width: 120 },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      width: 120,
      hideInTable: !canBind,
      render: (_, row) =>
        row.removedAt ? null : (
          <BindingActions user={row} oaSide={props.side === 'oa'} bindings={rowBindings(row)} onChanged={reload} />
        ),
    },
  ];

  return (
    <ProTable<Row>
      rowKey="id"
      actionRef={action}
      columns={columns}
      headerTitle={props.title}
      toolBarRender={() => (props.toolbar ? [props.toolbar] : [])}
      onRow={(row) => (row.removedAt ? { style: { opacity: 0.55 } } : {})}
      search={{ labelWidth: 'auto', span: 8 }}
      pagination={{ defaultPageSize: 20, showSizeChanger: true }}
      params={{ department: props.department, side: props.side, showRemoved: props.showRemoved }}
      // Many columns: scroll sideways rather than squeeze cells into each other.
      scroll={{ x: 'max-content' }}
      request={async ({ current = 1, pageSize = 20, search, status, binding, department, side, showRemoved }) => {
        const bound = binding === 'bound' ? true : binding === 'unbound' ? false : undefined;
        const where = {
          ...sideWhere(side),
          ...(bound === undefined ? {} : side === 'oa' ? { hasOaBindings: bound } : { hasImBindings: bound }),
          removedAtIsNil: showRemoved ? undefined : true,
          search: search?.trim() || undefined,
          status: (status as UserStatus) || undefined,
          inDepartment: department || undefined,
        };
        return pages(JSON.stringify(where), current, pageSize, async (after, first) => {
          const data = await query(DirectoryUsersQuery, { first, after, where });
          return data?.users;
        });
      }}
    />
  );
}
