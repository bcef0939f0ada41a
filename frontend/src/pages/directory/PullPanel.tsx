import { Card, Space, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { PullProgress } from './PullProgress';
import { RecentPulls } from './RecentPulls';
import type { PullState } from './usePull';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

/** The right-hand panel: the pull in progress (or its outcome) and the corp's recent pulls. */
export function PullPanel(props: { corpId: string; platform?: string; pull: PullState; onEnded: (run: SyncRunFieldsFragment) => void }) {
  const t = useT();
  const { pull } = props;
  return (
    <Card size="small" title={t('pull.title')} styles={{ body: { maxHeight: 480, overflow: 'auto' } }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {pull.active ? (
          <PullProgress key={pull.active.id} run={pull.active} onEnded={props.onEnded} onClose={pull.dismiss} />
        ) : (
          <Typography.Text type="secondary">{t('pull.help')}</Typography.Text>
        )}
        <RecentPulls corpId={props.corpId} platform={props.platform} runs={pull.recent} total={pull.recentTotal} paused={pull.running} />
      </Space>
    </Card>
  );
}
