import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Col, Descriptions, Progress, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { nodes } from '../../api/cursorPages';
import { useT } from '../../i18n/I18nProvider';
import { minutes, ReplayBadge, StatusBadge } from './badges';
import { BroadcastDetailQuery, BroadcastExportQuery } from './operations';

/** One broadcast, read again from its platform, with its watch statistics and viewers. */
export function BroadcastDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const client = useClient();
  const [res] = useQuery({ query: BroadcastDetailQuery, variables: { id }, requestPolicy: 'network-only' });
  const b = res.data?.broadcast;
  const viewers = nodes(b?.watchers);
  const longest = Math.max(1, ...viewers.map((v) => v.watchSeconds));
  // Volcano's viewer data has no mic (连麦) field: say so instead of a 0.
  const micReported = b?.provider !== 'volcano_live';
  const download = async () => {
    const r = await client.query(BroadcastExportQuery, { id }, { requestPolicy: 'network-only' }).toPromise();
    const f = r.data?.broadcastExport;
    if (!f) return;
    const bytes = Uint8Array.from(atob(f.contentBase64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: f.contentType }));
    const a = document.createElement('a');
    a.href = url;
    a.download = f.fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <PageContainer
      title={b?.title ?? t('bc.detail')}
      loading={res.fetching && !b}
      extra={
        b && (
          <Button onClick={download} data-testid="broadcast-export">
            {t('bc.export')}
          </Button>
        )
      }
    >
      {res.error && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={res.error.message} />}
      {b && (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t('bc.field.status')}>
              <StatusBadge status={b.status} />
              <ReplayBadge replay={b.replayStatus} />
            </Descriptions.Item>
            <Descriptions.Item label={t('bc.field.provider')}>{t(`bc.provider.${b.provider}`)}</Descriptions.Item>
            <Descriptions.Item label={t('bc.field.anchor')}>{b.anchor?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('bc.field.type')}>{t(`bc.type.${b.liveType as 0 | 1 | 2 | 3 | 4}`)}</Descriptions.Item>
            <Descriptions.Item label={t('bc.field.startTime')}>{dayjs(b.startTime).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
            <Descriptions.Item label={t('bc.field.duration')}>{t('bc.minutes', { n: minutes(b.durationSeconds) })}</Descriptions.Item>
            {b.description && <Descriptions.Item label={t('bc.field.description')}>{b.description}</Descriptions.Item>}
            {b.viewURL && (
              <Descriptions.Item label={t('bc.viewURL')}>
                <Typography.Link href={b.viewURL} target="_blank">
                  {b.viewURL}
                </Typography.Link>
              </Descriptions.Item>
            )}
            {b.notes && b.notes.length > 0 && <Descriptions.Item label={t('bc.notes')}>{b.notes.join('; ')}</Descriptions.Item>}
          </Descriptions>
          {b.refreshedAt && <Typography.Text type="secondary">{t('bc.refreshedAt', { at: dayjs(b.refreshedAt).format('YYYY-MM-DD HH:mm:ss') })}</Typography.Text>}
          <Card title={t('bc.stats')} data-testid="broadcast-stats">
            <Row gutter={16}>
              <Col span={4}>
                <Statistic title={t('bc.stats.viewers')} value={b.stats.viewers} />
              </Col>
              <Col span={4}>
                <Statistic title={t('bc.stats.total')} value={minutes(b.stats.totalWatchSeconds)} suffix="min" />
              </Col>
              <Col span={4}>
                <Statistic title={t('bc.stats.average')} value={minutes(b.stats.averageWatchSeconds)} suffix="min" />
              </Col>
              <Col span={4}>
                <Statistic title={t('bc.stats.peak')} value={b.stats.peakOnline} />
              </Col>
              <Col span={4}>
                <Statistic title={t('bc.stats.comments')} value={b.stats.comments} />
              </Col>
              <Col span={4}>
                {micReported ? (
                  <Statistic title={t('bc.stats.mics')} value={b.stats.mics} />
                ) : (
                  <Tooltip title={t('bc.stats.micNotReportedHelp')}>
                    <Statistic
                      title={t('bc.stats.mics')}
                      value={t('bc.stats.micNotReported')}
                      valueStyle={{ fontSize: 16 }}
                      data-testid="bc-mic-not-reported"
                    />
                  </Tooltip>
                )}
              </Col>
            </Row>
          </Card>
          {viewers.length > 0 && (
            <Card title={t('bc.stats.chart')}>
              {viewers.slice(0, 20).map((v) => (
                <Row key={v.id} gutter={8} align="middle">
                  <Col span={6}>
                    <Typography.Text ellipsis>{v.oaUser?.name ?? v.name ?? v.imUserID ?? v.externalUserID}</Typography.Text>
                  </Col>
                  <Col span={18}>
                    <Progress
                      percent={Math.round((v.watchSeconds / longest) * 100)}
                      format={() => t('bc.minutes', { n: minutes(v.watchSeconds) })}
                      size="small"
                    />
                  </Col>
                </Row>
              ))}
            </Card>
          )}
          <Card title={t('bc.viewers')}>
            <Table
              rowKey="id"
              size="small"
              dataSource={viewers}
              pagination={{ pageSize: 20 }}
              columns={[
                { title: t('bc.viewer.name'), render: (_, v) => v.name || v.imUserID || v.externalUserID },
                {
                  title: t('bc.viewer.oa'),
                  render: (_, v) => (v.oaUser ? `${v.oaUser.name} (${v.oaUser.externalID})` : <Tag>{t('bc.viewer.unbound')}</Tag>),
                },
                { title: t('bc.viewer.watch'), render: (_, v) => t('bc.minutes', { n: minutes(v.watchSeconds) }) },
                {
                  title: t('bc.viewer.commented'),
                  // Volcano counts comments; WeCom only says whether.
                  render: (_, v) => (v.commentCount > 0 ? String(v.commentCount) : v.commented ? '✓' : ''),
                },
                {
                  title: t('bc.viewer.mic'),
                  render: (_, v) => (micReported ? (v.mic ? '✓' : '') : <Typography.Text type="secondary">—</Typography.Text>),
                },
              ]}
            />
          </Card>
        </Space>
      )}
    </PageContainer>
  );
}
