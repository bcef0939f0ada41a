import { Space, Tag, Typography } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { COUNTERS, type Counter } from './runFormat';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

const COLOR: Record<Counter, string | undefined> = {
  created: 'green',
  updated: 'blue',
  moved: 'purple',
  unchanged: undefined,
  removed: 'orange',
  outOfScope: 'gold',
  failed: 'red',
};

/**
 * What a run changed. `all` shows every counter (a live run, where zeros are
 * news too); otherwise only the non-zero ones, as plain text for tables.
 */
export function RunCounters(props: { counters: SyncRunFieldsFragment['counters']; all?: boolean }) {
  const t = useT();
  const label = (c: Counter) => t(`counter.${c}` as MessageKey);
  if (props.all) {
    return (
      <Space size={[0, 4]} wrap data-testid="run-counters">
        {COUNTERS.map((c) => (
          <Tag key={c} color={props.counters[c] > 0 ? COLOR[c] : undefined} data-counter={c}>
            {label(c)} {props.counters[c]}
          </Tag>
        ))}
      </Space>
    );
  }
  const shown = COUNTERS.filter((c) => props.counters[c] > 0);
  return (
    <Typography.Text style={{ fontSize: 12 }} data-testid="run-counters">
      {shown.map((c) => `${label(c)} ${props.counters[c]}`).join(' · ') || '-'}
    </Typography.Text>
  );
}
