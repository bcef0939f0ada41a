import type { ProColumns } from '@ant-design/pro-components';
import { Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { MessageKey, Translate } from '../../i18n/I18nProvider';
import { RunProgress, RunStatusTag } from './RunProgress';
import { RunCounters } from './RunCounters';
import { RUN_STATUSES } from './runState';
import { runDuration } from './runFormat';
import type { SyncRunFieldsFragment as Row, SyncRunKind, SyncRunTrigger } from '../../gql/graphql';

export const KINDS: SyncRunKind[] = ['oa_import', 'im_pull', 'oa_to_im', 'im_to_oa'];
export const TRIGGERS: SyncRunTrigger[] = ['manual', 'api', 'schedule', 'event'];

const options = <K extends string>(t: Translate, prefix: string, keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, { text: t(`${prefix}.${k}` as MessageKey) }]));

/** The run history's columns; kind, corp, status and trigger double as filters. */
export function runColumns(t: Translate, corps: { id: string; name: string }[], reload: () => void): ProColumns<Row>[] {
  return [
    {
      // A queued run has not started: its creation time stands in.
      title: t('sync.startedAt'),
      key: 'startedAt',
      search: false,
      width: 160,
      render: (_, row) => dayjs(row.startedAt ?? row.createdAt).format('YYYY-MM-DD HH:mm:ss'),
    },
    {
      title: t('sync.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: options(t, 'kind', KINDS),
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          {t(`kind.${row.kind}` as MessageKey)}
          {row.corp && <Typography.Text type="secondary">{row.corp.name}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('sync.corp'),
      dataIndex: 'corpID',
      valueType: 'select',
      hideInTable: true,
      valueEnum: Object.fromEntries(corps.map((c) => [c.id, { text: c.name }])),
    },
    {
      title: t('sync.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: options(t, 'run', RUN_STATUSES),
      render: (_, row) => <RunStatusTag run={row} />,
    },
    {
      title: t('sync.trigger'),
      dataIndex: 'trigger',
      valueType: 'select',
      valueEnum: options(t, 'trigger', TRIGGERS),
      render: (_, row) => t(`trigger.${row.trigger}` as MessageKey),
    },
    { title: t('sync.progress'), key: 'progress', search: false, render: (_, row) => <RunProgress run={row} onEnded={reload} /> },
    { title: t('sync.counters'), key: 'counters', search: false, render: (_, row) => <RunCounters counters={row.counters} /> },
    { title: t('sync.finishedAt'), dataIndex: 'finishedAt', valueType: 'dateTime', search: false, width: 160 },
    { title: t('sync.duration'), key: 'duration', search: false, render: (_, row) => runDuration(row) || '-' },
  ];
}
