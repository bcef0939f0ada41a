import { Card, Col, Empty, Row, Segmented, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useQuery } from 'urql';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { PushStatsQuery } from './operations';

type Counts = { sent: number; skipped: number; failed: number; pending: number };
const PARTS: { key: keyof Counts; color: string }[] = [
  { key: 'sent', color: '#52c41a' },
  { key: 'skipped', color: '#bfbfbf' },
  { key: 'failed', color: '#ff4d4f' },
  { key: 'pending', color: '#1677ff' },
];
const total = (c: Counts) => c.sent + c.skipped + c.failed + c.pending;

/** One stacked bar: a label, its parts as widths of the largest bar, and the numbers on hover. */
function Bar(props: { label: string; counts: Counts; max: number; testId: string }) {
  const t = useT();
  const n = total(props.counts);
  const words = PARTS.map((p) => `${t(`push.chart.${p.key}` as MessageKey)} ${props.counts[p.key]}`).join(' · ');
  return (
    <div data-testid={props.testId} style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 6 }}>
      <Typography.Text style={{ width: 110, flex: 'none' }} ellipsis>
        {props.label}
      </Typography.Text>
      <Tooltip title={words}>
        <div style={{ flex: 1, display: 'flex', height: 14, background: '#f5f5f5' }} aria-label={words}>
          {PARTS.map((p) =>
            props.counts[p.key] ? (
              <div key={p.key} style={{ width: `${(props.counts[p.key] * 100) / (props.max || 1)}%`, background: p.color }} />
            ) : null,
          )}
        </div>
      </Tooltip>
      <Typography.Text type="secondary" style={{ width: 56, textAlign: 'right', flex: 'none' }}>
        {n}
      </Typography.Text>
    </div>
  );
}

/** Charts of the push log: deliveries per day and per source by outcome (issue 9 item 8). */
export function PushCharts() {
  const t = useT();
  const [days, setDays] = useState(7);
  const [res] = useQuery({ query: PushStatsQuery, variables: { days }, requestPolicy: 'cache-and-network' });
  const s = res.data?.pushStats;
  const max = (rows: Counts[]) => Math.max(1, ...rows.map(total));
  const legend = (
    <Space size="middle" wrap>
      {PARTS.map((p) => (
        <span key={p.key}>
          <span style={{ display: 'inline-block', width: 10, height: 10, background: p.color, marginRight: 4 }} />
          {t(`push.chart.${p.key}` as MessageKey)}
        </span>
      ))}
    </Space>
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={days}
          onChange={(v) => setDays(Number(v))}
          options={[7, 14, 31].map((d) => ({ value: d, label: t('push.chart.days', { days: d }) }))}
        />
        {legend}
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('push.chart.byDay')} loading={!s && res.fetching}>
            {(s?.days ?? []).map((d) => (
              <Bar key={String(d.day)} label={new Date(String(d.day)).toLocaleDateString(undefined, { timeZone: 'UTC' })} counts={d} max={max(s?.days ?? [])} testId="push-chart-day" />
            ))}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('push.chart.bySource')} loading={!s && res.fetching}>
            {s && !s.sources.length ? <Empty description={t('push.chart.none')} /> : null}
            {(s?.sources ?? []).map((x) => (
              <Bar key={x.source ?? ''} label={x.source || t('push.chart.noSource')} counts={x} max={max(s?.sources ?? [])} testId="push-chart-source" />
            ))}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
