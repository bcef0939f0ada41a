import { useQuery } from 'urql';
import { Empty, Space } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { nodes } from '../../api/cursorPages';
import { LatestSyncRunsQuery } from './engineOperations';
import { PlanView } from './PlanView';
import { RunActions } from './RunActions';

/** Runs the deletion brake stopped, each with its plan and approve / reject. */
export function ApprovalsTab(props: { onChanged: () => void }) {
  const t = useT();
  const [res, refetch] = useQuery({
    query: LatestSyncRunsQuery,
    variables: { first: 20, where: { status: 'awaiting_approval' } },
    requestPolicy: 'network-only',
  });
  const runs = nodes(res.data?.syncRuns);
  const changed = () => {
    refetch({ requestPolicy: 'network-only' });
    props.onChanged();
  };
  if (runs.length === 0) return res.fetching ? null : <Empty description={t('sc.noApprovals')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large" data-testid="approvals">
      {runs.map((r) => (
        <PlanView key={r.id} run={r} actions={<RunActions run={r} onChanged={changed} />} />
      ))}
    </Space>
  );
}
