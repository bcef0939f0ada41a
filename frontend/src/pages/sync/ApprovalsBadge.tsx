import { useEffect, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { Badge } from 'antd';
import { PendingSyncApprovalsQuery } from './engineOperations';

/** The menu's count of sync runs waiting for approval, refreshed every 30 seconds. */
export function ApprovalsBadge(props: { children: ReactNode }) {
  const [res, refetch] = useQuery({ query: PendingSyncApprovalsQuery, requestPolicy: 'cache-and-network' });
  useEffect(() => {
    const id = setInterval(() => refetch({ requestPolicy: 'network-only' }), 30_000);
    return () => clearInterval(id);
  }, [refetch]);
  const n = res.data?.pendingSyncApprovals ?? 0;
  return (
    <Badge count={n} size="small" offset={[10, 0]} data-testid="approvals-badge">
      {props.children}
    </Badge>
  );
}
