import { useState } from 'react';
import { Segmented, Space, Table, Tag, Typography } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import type { BindingImportOutcome, BindingMatchField, ImportBindingsMutation as Data } from '../../gql/graphql';
import { ImportReason } from './ImportReason';

type Report = Data['importBindings'];
type Row = Report['rows'][number];

const OUTCOMES: BindingImportOutcome[] = ['BOUND', 'ALREADY_BOUND', 'NOT_FOUND', 'AMBIGUOUS', 'CONFLICT', 'INVALID'];
const COLOR: Record<BindingImportOutcome, string> = {
  BOUND: 'green',
  ALREADY_BOUND: 'default',
  NOT_FOUND: 'orange',
  AMBIGUOUS: 'gold',
  CONFLICT: 'red',
  INVALID: 'red',
};
const COUNT_KEY: Record<BindingImportOutcome, keyof Report['counts']> = {
  BOUND: 'bound',
  ALREADY_BOUND: 'alreadyBound',
  NOT_FOUND: 'notFound',
  AMBIGUOUS: 'ambiguous',
  CONFLICT: 'conflict',
  INVALID: 'invalid',
};

/** The per-row report of an import, filterable by outcome. */
export function ImportReport(props: { report: Report; field: BindingMatchField }) {
  const t = useT();
  const [filter, setFilter] = useState<BindingImportOutcome | 'ALL'>('ALL');
  const label = (o: BindingImportOutcome) => t(`workbench.outcome.${o}` as MessageKey);
  const counts = props.report.counts;
  const rows = filter === 'ALL' ? props.report.rows : props.report.rows.filter((r) => r.outcome === filter);

  return (
    <div data-testid="import-report" style={{ marginTop: 16 }}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('workbench.report.title')}</Typography.Text>
        {props.report.dryRun && <Tag color="blue">{t('workbench.report.preview')}</Tag>}
        <Segmented<BindingImportOutcome | 'ALL'>
          size="small"
          data-testid="report-filter"
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'ALL', label: `${t('workbench.report.all')} ${props.report.rows.length}` },
            ...OUTCOMES.filter((o) => counts[COUNT_KEY[o]] > 0).map((o) => ({
              value: o,
              label: `${label(o)} ${counts[COUNT_KEY[o]]}`,
            })),
          ]}
        />
        {counts.skipped > 0 && <Typography.Text type="secondary">{t('workbench.report.skipped', { n: counts.skipped })}</Typography.Text>}
      </Space>
      <Table<Row>
        size="small"
        rowKey="row"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('workbench.report.row'), dataIndex: 'row', width: 70 },
          {
            title: t('workbench.report.imUser'),
            render: (_, r) => (r.imUserName ? `${r.imUserName} (${r.imUserKey})` : r.imUserKey),
          },
          { title: t('workbench.report.value'), dataIndex: 'value' },
          {
            title: t('workbench.report.outcome'),
            dataIndex: 'outcome',
            width: 110,
            render: (_, r) => (
              <Tag color={COLOR[r.outcome]} data-testid="row-outcome">
                {label(r.outcome)}
              </Tag>
            ),
          },
          {
            title: t('workbench.report.oaUser'),
            render: (_, r) => (r.oaUserName ? `${r.oaUserName} (${r.oaUserKey})` : ''),
          },
          {
            title: t('workbench.report.reason'),
            dataIndex: 'reasonCode',
            render: (_, r) => <ImportReason row={r} field={props.field} />,
          },
        ]}
      />
    </div>
  );
}
