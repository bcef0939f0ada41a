import { Alert, Space, Table, Typography } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { PlatformText } from '../../components/PlatformText';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

/** Whether a run has anything for RunErrors to show. */
export function hasErrors(run: Pick<SyncRunFieldsFragment, 'error' | 'errors'>): boolean {
  return !!run.error || (run.errors?.length ?? 0) > 0;
}

/** Why a run failed, and the items it could not process (with the platform's code). */
export function RunErrors(props: { run: Pick<SyncRunFieldsFragment, 'error' | 'errors'>; platform?: string }) {
  const t = useT();
  const errors = props.run.errors ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="run-errors">
      {props.run.error && <Alert type="error" showIcon message={t('sync.runError')} description={props.run.error} />}
      {errors.length > 0 && (
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          title={() => `${t('sync.errors')} (${errors.length})`}
          dataSource={errors}
          pagination={errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
          columns={[
            {
              title: t('sync.errorItem'),
              dataIndex: 'item',
              render: (v: string, row) =>
                row.kind ? (
                  <span data-kind={row.kind}>
                    {t(`sync.errorKind.${row.kind}` as MessageKey) === `sync.errorKind.${row.kind}`
                      ? row.kind
                      : t(`sync.errorKind.${row.kind}` as MessageKey)}{' '}
                    <Typography.Text code copyable>
                      {row.externalID}
                    </Typography.Text>
                  </span>
                ) : (
                  <Typography.Text code>{v}</Typography.Text>
                ),
            },
            // By the platform's code in the console's language when the platform is known (codes overlap).
            {
              title: t('sync.errorMessage'),
              dataIndex: 'message',
              render: (v: string, row) => (props.platform ? <PlatformText code={row.code} message={v} platform={props.platform} withCode={false} /> : v),
            },
            { title: t('sync.errorCode'), dataIndex: 'code', width: 120, render: (v?: string | null) => v || '-' },
          ]}
        />
      )}
    </Space>
  );
}
