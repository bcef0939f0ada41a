import { useMemo } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { PageContainer } from '@ant-design/pro-components';
import { Card, Col, Empty, List, Progress, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT, type MessageKey, type Translate } from '../../i18n/I18nProvider';
import { capLabel } from '../integrations/capabilities';
import { RUN_COLOR } from '../sync/runState';
import type { SyncRunStatus } from '../../gql/graphql';
import { OverviewQuery } from './operations';
import { NextSteps } from './NextSteps';

const HEALTH_COLOR: Record<string, string> = { OK: 'success', FAILED: 'error', NOT_VERIFIED: 'warning', NO_APP: 'default' };

function when(at: string | null | undefined): string {
  return at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '';
}

function RunCell(props: { t: Translate; run?: { status: SyncRunStatus; createdAt: string; finishedAt?: string | null } | null }) {
  const { t, run } = props;
  if (!run) return <Typography.Text type="secondary">{t('overview.never')}</Typography.Text>;
  return (
    <Space direction="vertical" size={0}>
      <Tag color={RUN_COLOR[run.status]}>{t(`run.${run.status}` as MessageKey)}</Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {when(run.finishedAt ?? run.createdAt)}
      </Typography.Text>
    </Space>
  );
}

/** The tenant at a glance (工作台): each corp's health and what to do next. */
export function OverviewPage() {
  const t = useT();
  const context = useMemo(() => ({ additionalTypenames: ['Corp', 'App', 'SyncRun', 'Binding'] }), []);
  const [res] = useQuery({ query: OverviewQuery, context });
  const o = res.data?.overview;
  type Row = NonNullable<typeof o>['corps'][number];

  return (
    <PageContainer title={t('nav.overview')} loading={!o && res.fetching}>
      {o && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <NextSteps steps={o.nextSteps} />
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('overview.corps')} value={o.corps.length} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('overview.oaUsers')} value={o.oaUsers} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small" data-testid="overview-failed-runs">
                <Statistic
                  title={t('overview.failedRuns')}
                  value={o.failedRuns}
                  valueStyle={o.failedRuns > 0 ? { color: '#cf1322' } : undefined}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('overview.bound')}
                  value={o.corps.reduce((n, c) => n + c.boundUsers, 0)}
                  suffix={`/ ${o.corps.reduce((n, c) => n + c.imUsers, 0)}`}
                />
              </Card>
            </Col>
          </Row>
          <Card title={t('overview.corpHealth')} size="small">
            <Table<Row>
              rowKey={(r) => r.corp.id}
              size="small"
              pagination={false}
              scroll={{ x: 760 }}
              dataSource={o.corps}
              locale={{ emptyText: <Empty description={t('overview.noCorps')} /> }}
              onRow={(r) => ({ 'data-testid': `overview-corp-${r.corp.id}` }) as object}
              columns={[
                {
                  title: t('corps.name'),
                  key: 'name',
                  render: (_, r) => <Link to={`/integrations/${r.corp.id}`}>{r.corp.name}</Link>,
                },
                {
                  title: t('overview.connection'),
                  key: 'connection',
                  render: (_, r) => (
                    <Space direction="vertical" size={0} data-testid="overview-connection" data-status={r.connection.status}>
                      <Tooltip
                        title={r.connection.failed.map((f) => capLabel(t, f.name) + (f.code ? ` (${f.code})` : '')).join(', ') || undefined}
                      >
                        <Tag color={HEALTH_COLOR[r.connection.status]}>{t(`overview.health.${r.connection.status}` as MessageKey)}</Tag>
                      </Tooltip>
                      {r.connection.verifiedAt && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {when(r.connection.verifiedAt)}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                { title: t('overview.lastPull'), key: 'pull', render: (_, r) => <RunCell t={t} run={r.lastPull} /> },
                { title: t('overview.lastSync'), key: 'sync', render: (_, r) => <RunCell t={t} run={r.lastSync} /> },
                {
                  title: t('overview.coverage'),
                  key: 'coverage',
                  width: 220,
                  render: (_, r) => (
                    <div data-testid="overview-coverage">
                      <Progress percent={r.imUsers ? Math.floor((r.boundUsers * 100) / r.imUsers) : 0} size="small" />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('overview.coverageText', { bound: r.boundUsers, unbound: r.unboundUsers })}
                      </Typography.Text>
                    </div>
                  ),
                },
              ]}
            />
          </Card>
          {o.recentFailures.length > 0 && (
            <Card title={t('overview.recentFailures')} size="small" extra={<Link to="/sync">{t('overview.allRuns')}</Link>}>
              <List
                size="small"
                dataSource={o.recentFailures}
                renderItem={(r) => (
                  <List.Item data-testid="overview-failure">
                    <List.Item.Meta
                      title={`${t(`kind.${r.kind}` as MessageKey)}${r.corp ? ` · ${r.corp.name}` : ''} · ${when(r.createdAt)}`}
                      description={<Typography.Text type="danger">{r.error}</Typography.Text>}
                    />
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Space>
      )}
    </PageContainer>
  );
}
