import { useCallback, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import { Badge, Empty, Space, Tabs } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { nodes, useCursorPages } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { CorpsQuery } from '../integrations/operations';
import { CorpTitle } from '../directory/CorpTitle';
import { SyncRunsQuery } from './operations';
import { PendingSyncApprovalsQuery } from './engineOperations';
import { RunErrors, hasErrors } from './RunErrors';
import { RunDetails } from './RunDetails';
import { RunAttempts, hasAttempts } from './RunAttempts';
import { runColumns } from './runColumns';
import { SyncTab } from './SyncTab';
import { ApprovalsTab } from './ApprovalsTab';
import { ReviewTable } from './ReviewTable';
import { SettingsPanels } from './SettingsPanels';
import type { SyncRunFieldsFragment as Row, SyncRunKind, SyncRunStatus, SyncRunTrigger } from '../../gql/graphql';

interface Filters {
  kind?: string;
  corpID?: string;
  status?: string;
  trigger?: string;
}

const TABS = ['sync', 'runs', 'approvals', 'review', 'settings'] as const;
type Tab = (typeof TABS)[number];
const isSyncRun = (r: Row) => r.kind === 'oa_to_im' || r.kind === 'im_to_oa';

/**
 * The sync console (issue 8 item 12): sync to Feishu with a dry run and the
 * plan view, run history with per-change results and undo, approvals, the
 * review queue and the settings panels. The tab and filters come from the
 * URL (?tab=runs&kind=im_pull&corpID=…), as the Directory's links do.
 */
export function SyncPage() {
  const t = useT();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  const [params, setParams] = useSearchParams();
  const [corpsRes] = useQuery({ query: CorpsQuery, variables: { first: 100 } });
  const corps = nodes(corpsRes.data?.corps);
  const [corpId, setCorpId] = useState<string | null>(params.get('corpID'));
  const corp = corps.find((c) => c.id === corpId) ?? corps.find((c) => c.platform === 'feishu') ?? corps[0] ?? null;
  const [pendingRes, refetchPending] = useQuery({ query: PendingSyncApprovalsQuery, requestPolicy: 'cache-and-network' });
  const reload = useCallback(() => action.current?.reload(), []);
  // Run errors carry platform codes, which overlap between Feishu and WeCom.
  const platformOf = (row: { corp?: { id: string } | null }) => corps.find((c) => c.id === row.corp?.id)?.platform;
  const changed = useCallback(() => {
    action.current?.reload();
    refetchPending({ requestPolicy: 'network-only' });
  }, [refetchPending]);
  // The history first, as /sync always showed it (links from elsewhere name its filters).
  const tab: Tab = (params.get('tab') as Tab) ?? 'runs';
  const setTab = (k: string) => setParams((p) => ({ ...Object.fromEntries(p), tab: k }));
  const initial: Filters = {
    kind: params.get('kind') ?? undefined,
    corpID: params.get('corpID') ?? undefined,
    status: params.get('status') ?? undefined,
  };

  const history = (
    <ProTable<Row, Filters>
      rowKey="id"
      actionRef={action}
      columns={runColumns(t, corps, reload)}
      headerTitle={t('sync.runs')}
      search={{ labelWidth: 'auto' }}
      form={{ initialValues: initial }}
      pagination={{ defaultPageSize: 20 }}
      scroll={{ x: 'max-content' }}
      expandable={{
        rowExpandable: (row) => isSyncRun(row) || hasErrors(row) || hasAttempts(row),
        expandedRowRender: (row) => (
          <>
            {hasAttempts(row) && <RunAttempts run={row} />}
            {isSyncRun(row) ? (
              <RunDetails run={row} onChanged={changed} platform={platformOf(row)} />
            ) : (
              hasErrors(row) && <RunErrors run={row} platform={platformOf(row)} />
            )}
          </>
        ),
      }}
      request={async ({ current = 1, pageSize = 20, kind, status, corpID, trigger }) => {
        const where = {
          kind: (kind as SyncRunKind) || undefined,
          status: (status as SyncRunStatus) || undefined,
          trigger: (trigger as SyncRunTrigger) || undefined,
          corpID: corpID || undefined,
        };
        return pages(JSON.stringify(where), current, pageSize, async (after, first) => {
          const data = await query(SyncRunsQuery, { first, after, where });
          return data?.syncRuns;
        });
      }}
    />
  );

  const needsCorp = (node: React.ReactNode) => (corp ? node : !corpsRes.fetching && <Empty description={t('sc.noCorp')} />);
  const pending = pendingRes.data?.pendingSyncApprovals ?? 0;

  return (
    <PageContainer
      title={t('sync.title')}
      extra={corp && (tab === 'sync' || tab === 'settings') ? <CorpTitle corps={corps} value={corp} onChange={setCorpId} /> : null}
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'sync', label: t('sc.tab.sync'), children: needsCorp(corp && <SyncTab key={corp.id} corpId={corp.id} platform={corp.platform} onChanged={changed} />) },
          { key: 'runs', label: t('sc.tab.runs'), children: history },
          {
            key: 'approvals',
            label: (
              <Space size={4}>
                {t('sc.tab.approvals')}
                <Badge count={pending} size="small" data-testid="approvals-count" />
              </Space>
            ),
            children: <ApprovalsTab onChanged={changed} />,
          },
          { key: 'review', label: t('sc.tab.review'), children: <ReviewTable /> },
          { key: 'settings', label: t('sc.tab.settings'), children: needsCorp(corp && <SettingsPanels key={corp.id} corpId={corp.id} />) },
        ]}
      />
    </PageContainer>
  );
}
