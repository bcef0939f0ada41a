import { useQuery } from 'urql';
import { Card, Empty, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { nodes } from '../../api/cursorPages';
import { QrLoginCorpsQuery } from './operations';
import { LoginSettingCard } from './LoginSettingCard';

/** 扫码登录: one card of settings per Feishu or WeCom corp (seed 003 §5). */
export function QrLoginPage() {
  const t = useT();
  const [res] = useQuery({ query: QrLoginCorpsQuery });
  const corps = nodes(res.data?.corps);
  const endpoints = nodes(res.data?.webhookEndpoints);
  return (
    <Card title={t('qrlogin.title')} loading={res.fetching && !res.data}>
      <Typography.Paragraph type="secondary">{t('qrlogin.intro')}</Typography.Paragraph>
      {corps.length === 0 && <Empty description={t('qrlogin.noCorps')} />}
      {corps.map((c) => (
        <LoginSettingCard key={c.id} corp={{ id: c.id, name: c.name, platform: c.platform }} apps={nodes(c.apps)} endpoints={endpoints} />
      ))}
    </Card>
  );
}
