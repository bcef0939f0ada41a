import { Space, Table, Tooltip, Typography } from 'antd';
import { platformCodeText } from '../../api/errorText';
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
export function CapabilityList(props: { results?: readonly CapabilityResult[] | null; platform?: string }) {
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
            // The console's words for the platform's code; the platform's
            // (English or server) message stays available as the detail.
            const own = platformCodeText(t, row.result.code, props.platform);
            const text = own ?? row.result.message;
            return (
              <Tooltip title={own && row.result.message ? `${t('verify.detail')}: ${row.result.message}` : undefined}>
                <Typography.Text type="danger" data-testid={`cap-text-${row.name}`}>
                  {row.result.code ? `${t('setup.code')} ${row.result.code}` : t('setup.failed')}
                  {text ? ` · ${text}` : ''}
                </Typography.Text>
              </Tooltip>
            );
          },
        },
      ]}
    />
  );
}
