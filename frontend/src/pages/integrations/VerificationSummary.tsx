import { Space, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../i18n/I18nProvider';
import { platformCodeText } from '../../api/errorText';
import { CapabilityMark } from './CapabilityList';
import { capLabel, capabilityRows, type CapabilityResult } from './capabilities';

/** The apps table's compact view of the last verification: one mark per capability. */
export function VerificationSummary(props: { verifiedAt?: string | null; results?: readonly CapabilityResult[] | null; platform?: string }) {
  const t = useT();
  if (!props.verifiedAt) return <Typography.Text type="secondary">{t('apps.notVerified')}</Typography.Text>;
  return (
    <Space direction="vertical" size={0}>
      <Space size={10} wrap>
        {capabilityRows(props.results).map(({ name, result }) => (
          <Tooltip key={name} title={result && !result.ok ? `${result.code ?? ''} ${platformCodeText(t, result.code, props.platform) ?? result.message ?? ''}` : undefined}>
            <span data-testid={`cap-summary-${name}`} data-ok={String(result?.ok ?? '')}>
              <CapabilityMark result={result} /> {capLabel(t, name)}
            </span>
          </Tooltip>
        ))}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {dayjs(props.verifiedAt).format('YYYY-MM-DD HH:mm:ss')}
      </Typography.Text>
    </Space>
  );
}
