import { useMemo, type ReactElement } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { App, Button, Card, Descriptions, Empty, Space } from 'antd';
import { CloudDownloadOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useSubmit } from '../../api/useSubmit';
import { usePermission } from '../../auth/usePermission';
import { nodes } from '../../api/cursorPages';
import { PullDirectoryMutation, SyncProfileQuery } from './profileOperations';
import { SyncProfileForm } from './SyncProfileForm';

/** The corp's sync settings and the "pull now" action, which opens the Sync page to watch the run. */
export function SyncProfileCard(props: { corpId: string; apps: { id: string; name: string }[] }) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const submit = useSubmit();
  const canSync = usePermission('sync:write');
  const context = useMemo(() => ({ additionalTypenames: ['SyncProfile'] }), []);
  const [res, refetch] = useQuery({ query: SyncProfileQuery, variables: { corpID: props.corpId }, context });
  const profile = nodes(res.data?.syncProfiles)[0];
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const pull = async () => {
    if (await submit(PullDirectoryMutation, { corpID: props.corpId })) {
      message.success(t('profile.pullStarted'));
      navigate('/sync');
    }
  };

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
            <Button type="primary" icon={<CloudDownloadOutlined />} onClick={pull}>
              {t('profile.pull')}
            </Button>
          </Space>
        )
      }
    >
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
