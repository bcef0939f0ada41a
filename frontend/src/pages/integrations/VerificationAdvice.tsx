import { Alert, Space } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import type { CapabilityResult } from './capabilities';

/** The kinds of failure that have their own advice, most fundamental first. */
const ORDER = ['network', 'credentials', 'permission', 'out_of_range', 'rate_limit', 'transient'];

/**
 * What to do about a failed verification, in the console's language: the
 * advice that fits each kind of failure (a network failure names the host
 * and the step; credentials, permission and the contact range each say
 * where to look), instead of one banner for all.
 */
export function VerificationAdvice(props: { results: readonly CapabilityResult[] }) {
  const t = useT();
  const failed = props.results.filter((c) => !c.ok);
  if (failed.length === 0) return <Alert type="success" showIcon message={t('setup.allOk')} data-testid="verify-advice-ok" />;
  const classes = [...new Set(failed.map((c) => c.class || 'other'))].sort(
    (a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99),
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {classes.map((cls) => {
        if (cls === 'network') {
          const n = failed.find((c) => c.class === 'network')!;
          const host = n.host ?? '';
          return (
            <Alert
              key={cls}
              type="error"
              showIcon
              data-testid="verify-advice-network"
              message={t('verify.advice.network', { host })}
              description={t(`verify.advice.network.${n.cause || 'connect'}` as MessageKey, { host })}
            />
          );
        }
        const key = `verify.advice.${cls}` as MessageKey;
        const text = t(key) === key ? t('verify.advice.other') : t(key);
        return <Alert key={cls} type="warning" showIcon data-testid={`verify-advice-${cls}`} message={text} />;
      })}
    </Space>
  );
}
