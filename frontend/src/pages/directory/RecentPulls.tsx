import { Link } from 'react-router';
import { Empty, List, Popover, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { RunStatusTag } from '../sync/RunProgress';
import { RunCounters } from '../sync/RunCounters';
import { RunErrors, hasErrors } from '../sync/RunErrors';
import { runDuration } from '../sync/runFormat';
import { isLive } from '../sync/runState';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

/** The corp's latest pulls, compact; the Sync page has the full history. */
export function RecentPulls(props: { corpId: string; runs: SyncRunFieldsFragment[]; total: number }) {
  const t = useT();
  const more = `/sync?kind=im_pull&corpID=${encodeURIComponent(props.corpId)}`;
  if (props.runs.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pull.none')} />;
  return (
    <List
      size="small"
      data-testid="recent-pulls"
      header={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text strong>{t('pull.recent')}</Typography.Text>
          <Link to={more}>
            {t('pull.all')} ({props.total})
          </Link>
        </Space>
      }
      dataSource={props.runs}
      renderItem={(run) => (
        <List.Item data-testid={`recent-pull-${run.id}`} style={{ display: 'block' }}>
          <Space wrap size={[8, 0]}>
            <RunStatusTag run={run} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`trigger.${run.trigger}` as MessageKey)} · {dayjs(run.startedAt ?? run.createdAt).format('MM-DD HH:mm:ss')}
              {runDuration(run) && ` · ${runDuration(run)}`}
            </Typography.Text>
            {hasErrors(run) && (
              <Popover content={<div style={{ width: 520 }}><RunErrors run={run} /></div>} trigger="click">
                <Typography.Link type="danger" style={{ fontSize: 12 }}>
                  {t('sync.errors')} ({run.errors?.length ?? 1})
                </Typography.Link>
              </Popover>
            )}
          </Space>
          {!isLive(run.status) && (
            <div>
              <RunCounters counters={run.counters} />
            </div>
          )}
        </List.Item>
      )}
    />
  );
}
