import { useEffect, useState } from 'react';
import { Button, Space } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';

/** A corp offering console sign-in (GET /sso/console/providers). */
export interface Provider {
  corpId: string;
  name: string;
  /** The corp's platform: "feishu" or "wecom". */
  platform: string;
}

/** The corps whose app admins may sign in with; empty until loaded or when none. */
export function useProviders(): Provider[] {
  const [providers, setProviders] = useState<Provider[]>([]);
  useEffect(() => {
    let live = true;
    fetch('/sso/console/providers', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : { providers: [] }))
      .then((b: { providers?: Provider[] }) => live && setProviders(b.providers ?? []))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return providers;
}

/** The platform's name in the interface language (飞书 / 企业微信, Feishu / WeCom). */
export function usePlatformName(): (p: Provider) => string {
  const t = useT();
  return (p) => t(`platform.${p.platform === 'wecom' ? 'wecom' : 'feishu'}` as MessageKey);
}

/** "Sign in with Feishu / WeCom" buttons of the login page: a full-page visit to the bridge's /sso flow. */
export function IMSignIn() {
  const t = useT();
  const providers = useProviders();
  const platformName = usePlatformName();
  if (providers.length === 0) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {providers.map((p) => (
        <Button
          key={p.corpId}
          block
          href={`/sso/console/start?corp=${encodeURIComponent(p.corpId)}`}
          data-testid={`${p.platform === 'wecom' ? 'wecom' : 'feishu'}-sign-in`}
        >
          {t('qrlogin.signInWith', { platform: platformName(p), name: p.name })}
        </Button>
      ))}
    </Space>
  );
}
