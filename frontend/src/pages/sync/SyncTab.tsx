import { useCallback, useState } from 'react';
import { useQuery } from 'urql';
import { Alert, App, Button, Card, Empty, Popconfirm, Select, Space, Typography } from 'antd';
import { CloudUploadOutlined, ExperimentOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/I18nProvider';
import { useSubmit } from '../../api/useSubmit';
import { usePermission } from '../../auth/usePermission';
import { nodes } from '../../api/cursorPages';
import { FullSyncProfileQuery, LatestSyncRunsQuery, PreviewSyncMutation, StartSyncMutation } from './engineOperations';
import { PlanView } from './PlanView';
import { RunActions } from './RunActions';
import { RunProgress } from './RunProgress';
import { isLive } from './runState';
import type { SyncDirection } from '../../gql/graphql';

/**
 * "Sync to Feishu" (同步通讯录到飞书) with a dry run first: the newest sync
 * run of the corp is shown as a plan — live while it runs — with what can
 * be done next (apply this plan, approve, undo).
 */
export function SyncTab(props: { corpId: string; platform?: string; onChanged: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const canSync = usePermission('sync:write');
  const [profileRes] = useQuery({ query: FullSyncProfileQuery, variables: { corpID: props.corpId } });
  const profile = nodes(profileRes.data?.syncProfiles)[0];
  const [direction, setDirection] = useState<SyncDirection | null>(null);
  const dir: SyncDirection = direction ?? (profile?.mode === 'im_to_oa' ? 'im_to_oa' : 'oa_to_im');
  const [latestRes, refetch] = useQuery({
    query: LatestSyncRunsQuery,
    variables: { first: 1, where: { corpID: props.corpId, kindIn: ['oa_to_im', 'im_to_oa'] } },
    requestPolicy: 'network-only',
  });
  const latest = nodes(latestRes.data?.syncRuns)[0];
  const { onChanged } = props;
  const reload = useCallback(() => {
    refetch({ requestPolicy: 'network-only' });
    onChanged();
  }, [refetch, onChanged]);

  const start = async (dryRun: boolean) => {
    const input = { corpID: props.corpId, direction: dir, dryRun };
    const data = dryRun ? await submit(PreviewSyncMutation, { input }) : await submit(StartSyncMutation, { input });
    if (!data) return;
    const run = 'previewSync' in data ? data.previewSync : data.startSync;
    message.success(t('sc.started', { id: run.id }));
    reload();
  };

  if (!profile) return profileRes.fetching ? null : <Empty description={t('sc.noProfile')} />;
  const readOnly = profile.permission === 'read_only' && dir === 'oa_to_im';

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('sc.direction')}</Typography.Text>
          <Select<SyncDirection>
            data-testid="sync-direction"
            value={dir}
            onChange={setDirection}
            style={{ minWidth: 300 }}
            options={(['oa_to_im', 'im_to_oa'] as SyncDirection[]).map((d) => ({ value: d, label: t(`sc.dir.${d}`) }))}
          />
          {canSync && (
            <>
              <Button type="primary" icon={<ExperimentOutlined />} onClick={() => start(true)} data-testid="dry-run">
                {t('sc.dryRun')}
              </Button>
              <Popconfirm title={t('sc.applyConfirm')} onConfirm={() => start(false)} overlayStyle={{ maxWidth: 360 }}>
                <Button icon={<CloudUploadOutlined />} disabled={readOnly} data-testid="sync-now">
                  {t('sc.syncNow')}
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('sc.dryRunHelp')}
        </Typography.Paragraph>
        {readOnly && <Alert style={{ marginTop: 8 }} type="warning" showIcon message={t('sc.readOnly')} />}
      </Card>
      {latest ? (
        <>
          {isLive(latest.status) && <RunProgress key={latest.id} run={latest} onEnded={reload} />}
          <PlanView key={`${latest.id}-${latest.status}`} run={latest} platform={props.platform} actions={<RunActions run={latest} onChanged={reload} />} />
        </>
      ) : (
        !latestRes.fetching && <Empty description={t('sc.noPlan')} />
      )}
    </Space>
  );
}
