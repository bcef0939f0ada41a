import { Tag } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import type { BroadcastReplayStatus, BroadcastStatus } from '../../gql/graphql';

const STATUS_COLOR: Record<BroadcastStatus, string> = {
  RESERVED: 'blue',
  LIVE: 'red',
  ENDED: 'default',
  EXPIRED: 'orange',
  CANCELLED: 'default',
};

const REPLAY_COLOR: Record<BroadcastReplayStatus, string> = {
  NONE: 'default',
  READY: 'green',
  GENERATING: 'processing',
  DELETED: 'default',
  FAILED: 'error',
};

/** The status badge: 预约中, 直播中, 已结束, 已过期, 已取消. */
export function StatusBadge(props: { status: BroadcastStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[props.status]} data-testid="broadcast-status">
      {t(`bc.status.${props.status}`)}
    </Tag>
  );
}

/** The replay badge, shown once there is something to say. */
export function ReplayBadge(props: { replay: BroadcastReplayStatus }) {
  const t = useT();
  if (props.replay === 'NONE') return null;
  return (
    <Tag color={REPLAY_COLOR[props.replay]} data-testid="broadcast-replay">
      {t(`bc.replay.${props.replay}`)}
    </Tag>
  );
}

/** Seconds as "12 min" (whole minutes, at least shown as 0). */
export function minutes(seconds: number): number {
  return Math.round(seconds / 60);
}
