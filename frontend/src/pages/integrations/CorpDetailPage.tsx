import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQuery } from 'urql';
import { PageContainer, ProDescriptions } from '@ant-design/pro-components';
import { App, Button, Card, Popconfirm, Result, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { nodes } from '../../api/cursorPages';
import { useSubmit } from '../../api/useSubmit';
import { usePermission } from '../../auth/usePermission';
import { CorpQuery, DeleteAppMutation } from './operations';
import { CorpForm } from './CorpForm';
import { AppForm, type ExistingApp } from './AppForm';
import { DEFAULT_API_BASE, PLATFORM_COLOR } from './platforms';
import { AppDetails } from './AppDetails';
import { SyncProfileCard } from './SyncProfileCard';
import { VerificationSummary } from './VerificationSummary';
import { VolcanoKeysCard } from '../broadcasts/VolcanoKeysCard';
import type { CapabilityResult } from './capabilities';

type AppRow = ExistingApp & {
  updatedAt: string;
  verifiedAt?: string | null;
  verification?: CapabilityResult[] | null;
};

/** One corp: its settings and its apps (with write-only secrets). */
export function CorpDetailPage() {
  const { corpId = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const submit = useSubmit();
  const context = useMemo(() => ({ additionalTypenames: ['App'] }), []);
  const [res, refetch] = useQuery({ query: CorpQuery, variables: { id: corpId }, context });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const canWrite = usePermission('integration:write');
  // Expanded apps: the first one at first, and every app created here (its
  // checklist and Verify button are the next step).
  const [expanded, setExpanded] = useState<readonly React.Key[] | null>(null);

  const corp = res.data?.node?.__typename === 'Corp' ? res.data.node : null;
  if (!corp) {
    return <PageContainer loading={res.fetching}>{!res.fetching && <Result status="404" title="404" />}</PageContainer>;
  }

  const setTag = (set: boolean) => (set ? <Tag color="green">{t('common.set')}</Tag> : <Tag>{t('common.notSet')}</Tag>);

  const allColumns: TableColumnsType<AppRow> = [
    // Fixed, so that the table pins an app's expanded row (checklist, Verify,
    // its advice) to the visible width: on a phone the table scrolls sideways
    // and the row would otherwise be as wide as the table, its advice cut off.
    { title: t('apps.name'), dataIndex: 'name', fixed: 'left', width: 140 },
    { title: t('apps.appID'), dataIndex: 'appID' },
    {
      title: t('apps.secrets'),
      key: 'secrets',
      render: (_, app) => (
        <Space direction="vertical" size={0}>
          <span>
            {t('apps.appSecret')}: {setTag(app.appSecretSet)}
          </span>
          <span>
            {t('apps.encryptKey')}: {setTag(app.encryptKeySet)}
          </span>
          <span>
            {t('apps.verificationToken')}: {setTag(app.verificationTokenSet)}
          </span>
        </Space>
      ),
    },
    {
      title: t('setup.summary'),
      key: 'verification',
      render: (_, app) => <VerificationSummary verifiedAt={app.verifiedAt} results={app.verification} platform={corp.platform} />,
    },
    {
      title: t('apps.homepageMode'),
      key: 'homepage',
      render: (_, app) => (app.homepageMode === 'custom' ? app.homepageURL : app.homepageModule) ?? '-',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, app) => (
        <Space>
          <AppForm corpId={corp.id} platform={corp.platform} app={app} onDone={reload} trigger={<a>{t('common.edit')}</a>} />
          <Popconfirm
            title={t('common.confirmDelete')}
            onConfirm={async () => {
              if (await submit(DeleteAppMutation, { id: app.id })) {
                message.success(t('common.deleted'));
                reload();
              }
            }}
          >
            <a>{t('common.delete')}</a>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const columns = canWrite ? allColumns : allColumns.filter((c) => c.key !== 'actions');

  return (
    <PageContainer
      title={corp.name}
      onBack={() => navigate('/integrations')}
      tags={<Tag color={PLATFORM_COLOR[corp.platform]}>{t(`platform.${corp.platform}` as MessageKey)}</Tag>}
      extra={canWrite && <CorpForm corp={corp} onDone={reload} trigger={<Button>{t('common.edit')}</Button>} />}
    >
      <Card style={{ marginBottom: 16 }}>
        <ProDescriptions column={{ xs: 1, sm: 2 }}>
          <ProDescriptions.Item label={t('corps.apiBaseURL')}>
            {corp.apiBaseURL || DEFAULT_API_BASE[corp.platform]}
          </ProDescriptions.Item>
          <ProDescriptions.Item label={t('corps.corpID')}>{corp.corpID || '-'}</ProDescriptions.Item>
          <ProDescriptions.Item label={t('common.createdAt')} valueType="dateTime">
            {corp.createdAt}
          </ProDescriptions.Item>
        </ProDescriptions>
      </Card>
      {corp.platform === 'feishu' && <VolcanoKeysCard corp={corp} canWrite={canWrite} onDone={reload} />}
      <Card
        title={t('apps.title')}
        extra={
          canWrite && <AppForm
            corpId={corp.id}
            platform={corp.platform}
            onDone={(id) => {
              if (id) setExpanded([...(expanded ?? nodes(corp.apps).slice(0, 1).map((a) => a.id)), id]);
              reload();
            }}
            trigger={
              <Button type="primary" icon={<PlusOutlined />}>
                {t('apps.create')}
              </Button>
            }
          />
        }
      >
        <Table
          rowKey="id"
          columns={columns}
          dataSource={nodes(corp.apps)}
          pagination={false}
          loading={res.fetching}
          scroll={{ x: 900 }}
          expandable={{
            // The first app is what most corps have: open its checklist right away.
            expandedRowKeys: expanded ?? nodes(corp.apps).slice(0, 1).map((a) => a.id),
            onExpandedRowsChange: (keys) => setExpanded(keys),
            expandedRowRender: (app) => <AppDetails appId={app.id} canWrite={canWrite} onVerified={reload} platform={corp.platform} />,
          }}
        />
      </Card>
      <SyncProfileCard corpId={corp.id} platform={corp.platform} apps={nodes(corp.apps)} />
    </PageContainer>
  );
}
