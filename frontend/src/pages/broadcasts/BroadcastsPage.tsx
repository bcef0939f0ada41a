import { useMemo } from 'react';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Badge, Button, Calendar, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { nodes } from '../../api/cursorPages';
import { useSubmit } from '../../api/useSubmit';
import { usePermission } from '../../auth/usePermission';
import { useT } from '../../i18n/I18nProvider';
import { BroadcastForm } from './BroadcastForm';
import { minutes, ReplayBadge, StatusBadge } from './badges';
import { BroadcastsQuery, CancelBroadcastMutation, DeleteBroadcastReplayMutation } from './operations';
import type { BroadcastsQuery as Data } from '../../gql/graphql';

type Row = NonNullable<NonNullable<NonNullable<Data['broadcasts']['edges']>[number]>['node']>;

/** 直播: the broadcasts as a list and a calendar, with the create/edit form. */
export function BroadcastsPage() {
  const t = useT();
  const canWrite = usePermission('broadcast:write');
  const [res, refetch] = useQuery({ query: BroadcastsQuery, variables: { first: 500 }, requestPolicy: 'cache-and-network' });
  const rows = nodes(res.data?.broadcasts);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const create = canWrite && (
    <BroadcastForm
      trigger={
        <Button type="primary" data-testid="broadcast-create">
          {t('bc.create')}
        </Button>
      }
      onDone={reload}
    />
  );
  return (
    <PageContainer title={t('bc.title')} extra={create}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('bc.intro')} />
      <Tabs
        items={[
          { key: 'list', label: t('bc.list'), children: <BroadcastList rows={rows} loading={res.fetching} canWrite={canWrite} reload={reload} /> },
          { key: 'calendar', label: t('bc.calendar'), children: <BroadcastCalendar rows={rows} /> },
        ]}
      />
    </PageContainer>
  );
}

function BroadcastList(props: { rows: Row[]; loading: boolean; canWrite: boolean; reload: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  return (
    <Table<Row>
      rowKey="id"
      loading={props.loading}
      dataSource={props.rows}
      pagination={{ pageSize: 20 }}
      columns={[
        {
          title: t('bc.field.title'),
          dataIndex: 'title',
          render: (_, r) => <Link to={`/broadcasts/${r.id}`}>{r.title}</Link>,
        },
        { title: t('bc.field.provider'), dataIndex: 'provider', render: (_, r) => t(`bc.provider.${r.provider}`) },
        { title: t('bc.field.anchor'), render: (_, r) => r.anchor?.name ?? '—' },
        { title: t('bc.field.startTime'), dataIndex: 'startTime', render: (_, r) => dayjs(r.startTime).format('YYYY-MM-DD HH:mm') },
        { title: t('bc.field.duration'), render: (_, r) => t('bc.minutes', { n: minutes(r.durationSeconds) }) },
        { title: t('bc.field.type'), render: (_, r) => t(`bc.type.${r.liveType as 0 | 1 | 2 | 3 | 4}`) },
        {
          title: t('bc.field.status'),
          render: (_, r) => (
            <Space size={4}>
              <StatusBadge status={r.status} />
              <ReplayBadge replay={r.replayStatus} />
            </Space>
          ),
        },
        {
          title: '',
          render: (_, r) => (
            <Space>
              <Link to={`/broadcasts/${r.id}`}>{t('bc.detail')}</Link>
              {props.canWrite && r.status === 'RESERVED' && (
                <>
                  <BroadcastForm broadcast={r} trigger={<Typography.Link>{t('bc.edit')}</Typography.Link>} onDone={props.reload} />
                  <Popconfirm
                    title={t('bc.confirmCancel')}
                    onConfirm={async () => {
                      if (await submit(CancelBroadcastMutation, { id: r.id })) {
                        message.success(t('bc.cancelled'));
                        props.reload();
                      }
                    }}
                  >
                    <Typography.Link type="danger">{t('bc.cancel')}</Typography.Link>
                  </Popconfirm>
                </>
              )}
              {props.canWrite && r.status === 'ENDED' && r.replayStatus === 'READY' && (
                <Popconfirm
                  title={t('bc.confirmDeleteReplay')}
                  onConfirm={async () => {
                    if (await submit(DeleteBroadcastReplayMutation, { id: r.id })) {
                      message.success(t('bc.replayDeleted'));
                      props.reload();
                    }
                  }}
                >
                  <Typography.Link type="danger">{t('bc.deleteReplay')}</Typography.Link>
                </Popconfirm>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

const BADGE: Record<Row['status'], 'processing' | 'error' | 'default' | 'warning'> = {
  RESERVED: 'processing',
  LIVE: 'error',
  ENDED: 'default',
  EXPIRED: 'warning',
  CANCELLED: 'default',
};

function BroadcastCalendar(props: { rows: Row[] }) {
  const byDay = useMemo(() => {
    const m = new Map<string, Row[]>();
    for (const r of props.rows) {
      const k = dayjs(r.startTime).format('YYYY-MM-DD');
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  }, [props.rows]);
  return (
    <Calendar
      cellRender={(d: Dayjs, info) => {
        if (info.type !== 'date') return info.originNode;
        const list = byDay.get(d.format('YYYY-MM-DD')) ?? [];
        return (
          <div>
            {list.map((r) => (
              <div key={r.id}>
                <Link to={`/broadcasts/${r.id}`}>
                  <Badge status={BADGE[r.status]} text={`${dayjs(r.startTime).format('HH:mm')} ${r.title}`} />
                </Link>
                {r.replayStatus === 'READY' && <Tag color="green">▶</Tag>}
              </div>
            ))}
          </div>
        );
      }}
    />
  );
}
