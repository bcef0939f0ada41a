import { useEffect, useMemo, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { Badge } from 'antd';
import { PendingPermissionRequestsQuery } from './operations';

/** The menu's count of broadcast permission requests the viewer may decide, refreshed every 30 seconds. */
export function RequestsBadge(props: { children: ReactNode }) {
  // A decision or a new request (mutations returning a request) refreshes it at once.
  const context = useMemo(() => ({ additionalTypenames: ['BroadcastPermissionRequest'] }), []);
  const [res, refetch] = useQuery({ query: PendingPermissionRequestsQuery, requestPolicy: 'cache-and-network', context });
  useEffect(() => {
    const id = setInterval(() => refetch({ requestPolicy: 'network-only' }), 30_000);
    return () => clearInterval(id);
  }, [refetch]);
  const n = res.data?.pendingBroadcastPermissionRequestCount ?? 0;
  return (
    <Badge count={n} size="small" offset={[10, 0]} data-testid="bperm-badge">
      {props.children}
    </Badge>
  );
}
