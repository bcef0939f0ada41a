import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { PageContainer, ProTable, type ActionType } from '@ant-design/pro-components';
import { useT } from '../../i18n/I18nProvider';
import { nodes, useCursorPages } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { CorpsQuery } from '../integrations/operations';
import { SyncRunsQuery } from './operations';
import { RunErrors, hasErrors } from './RunErrors';
import { RunAttempts, hasAttempts } from './RunAttempts';
import { runColumns } from './runColumns';
import type { SyncRunFieldsFragment as Row, SyncRunKind, SyncRunStatus, SyncRunTrigger } from '../../gql/graphql';

interface Filters {
  kind?: string;
  corpID?: string;
  status?: string;
  trigger?: string;
}

/**
 * Sync runs with their outcome; running ones update live over the WebSocket.
 * Filters can come from the URL (?kind=im_pull&corpID=…), as the Directory
 * page's "all runs" link does.
 */
export function SyncPage() {
  const t = useT();
  const action = useRef<ActionType>(null);
  const query = useQueryFn();
  const pages = useCursorPages();
  const [params] = useSearchParams();
  const [corpsRes] = useQuery({ query: CorpsQuery, variables: { first: 100 } });
  const reload = useCallback(() => action.current?.reload(), []);
  const initial: Filters = {
    kind: params.get('kind') ?? undefined,
    corpID: params.get('corpID') ?? undefined,
    status: params.get('status') ?? undefined,
  };

  return (
    <PageContainer title={t('sync.title')}>
      <ProTable<Row, Filters>
        rowKey="id"
        actionRef={action}
        columns={runColumns(t, nodes(corpsRes.data?.corps), reload)}
        headerTitle={t('sync.runs')}
        search={{ labelWidth: 'auto' }}
        form={{ initialValues: initial }}
        pagination={{ defaultPageSize: 20 }}
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: (row) => hasErrors(row) || hasAttempts(row),
          expandedRowRender: (row) => (
            <>
              {hasAttempts(row) && <RunAttempts run={row} />}
              {hasErrors(row) && <RunErrors run={row} />}
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
    </PageContainer>
  );
}
