import { useMemo, type ReactElement } from 'react';
import { useQuery } from 'urql';
import { Button, Card, Descriptions, Empty, Space } from 'antd';
import { CloudDownloadOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { usePermission } from '../../auth/usePermission';
import { nodes } from '../../api/cursorPages';
import { SyncProfileQuery } from './profileOperations';
import { SyncProfileForm } from './SyncProfileForm';
import { usePull } from '../directory/usePull';
import { PullProgress } from '../directory/PullProgress';
import type { CorpPlatform } from '../../gql/graphql';

/** The corp's sync settings and the "pull now" action, followed live below the settings. */
export function SyncProfileCard(props: { corpId: string; platform: CorpPlatform; apps: { id: string; name: string }[] }) {
  const t = useT();
  const canSync = usePermission('sync:write');
  const context = useMemo(() => ({ additionalTypenames: ['SyncProfile'] }), []);
  const [res, refetch] = useQuery({ query: SyncProfileQuery, variables: { corpID: props.corpId }, context });
  const profile = nodes(res.data?.syncProfiles)[0];
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const pull = usePull(props.corpId);

  const form = (trigger: ReactElement) => (
    <SyncProfileForm corpId={props.corpId} apps={props.apps} profile={profile} onDone={reload} trigger={trigger} />
  );

  return (
    <Card
      title={t('profile.title')}
      style={{ marginTop: 16 }}
      loading={res.fetching && !res.data}
      extra={
        canSync &&
        profile && (
          <Space>
            {form(<Button>{t('common.edit')}</Button>)}
            <Button
              type="primary"
              icon={<CloudDownloadOutlined />}
              loading={pull.starting || pull.running}
              onClick={pull.start}
              data-testid="pull-directory"
            >
              {t('pull.button', { platform: t(`platform.${props.platform}` as MessageKey) })}
            </Button>
          </Space>
        )
      }
    >
      {pull.active && (
        <div style={{ marginBottom: 16 }}>
          <PullProgress key={pull.active.id} run={pull.active} onEnded={pull.finish} onClose={pull.dismiss} />
        </div>
      )}
      {profile ? (
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('profile.app')}>{profile.app.name}</Descriptions.Item>
          <Descriptions.Item label={t('profile.mode')}>{t(`mode.${profile.mode}` as MessageKey)}</Descriptions.Item>
          <Descriptions.Item label={t('profile.permission')}>
            {t(`perm.${profile.permission}` as MessageKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('profile.topDepartmentID')}>{profile.topDepartmentID}</Descriptions.Item>
          <Descriptions.Item label={t('profile.schedule')}>
            {profile.schedule || t('profile.manualOnly')}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty description={t('profile.none')}>
          {canSync && props.apps.length > 0 && form(<Button type="primary">{t('profile.create')}</Button>)}
        </Empty>
      )}
    </Card>
  );
}
