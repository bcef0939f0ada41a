import { Space, Table, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/I18nProvider';
import { capLabel, capabilityRows, type CapabilityResult } from './capabilities';

/** ✔ / ✘ / – for one capability. */
export function CapabilityMark(props: { result?: CapabilityResult }) {
  const t = useT();
  if (!props.result) return <MinusCircleOutlined style={{ color: '#bfbfbf' }} aria-label={t('setup.notChecked')} />;
  return props.result.ok ? (
    <CheckCircleFilled style={{ color: '#52c41a' }} aria-label={t('setup.ok')} />
  ) : (
    <CloseCircleFilled style={{ color: '#ff4d4f' }} aria-label={t('setup.failed')} />
  );
}

/** Every capability of the last verification, with the platform's code and message when it refused. */
export function CapabilityList(props: { results?: readonly CapabilityResult[] | null }) {
  const t = useT();
  const rows = capabilityRows(props.results);
  return (
    <Table
      size="small"
      rowKey="name"
      pagination={false}
      showHeader={false}
      dataSource={rows}
      onRow={(row) => ({ 'data-testid': `cap-${row.name}`, 'data-ok': String(row.result?.ok ?? '') }) as object}
      columns={[
        {
          key: 'mark',
          width: 170,
          render: (_, row) => (
            <Space>
              <CapabilityMark result={row.result} />
              {capLabel(t, row.name)}
            </Space>
          ),
        },
        {
          key: 'detail',
          render: (_, row) => {
            if (!row.result) return <Typography.Text type="secondary">{t('setup.notChecked')}</Typography.Text>;
            if (row.result.ok) return <Typography.Text type="success">{t('setup.ok')}</Typography.Text>;
            return (
              <Typography.Text type="danger">
                {row.result.code ? `${t('setup.code')} ${row.result.code}` : t('setup.failed')}
                {row.result.message ? ` · ${row.result.message}` : ''}
              </Typography.Text>
            );
          },
        },
      ]}
    />
  );
}
