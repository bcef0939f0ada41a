import { useState } from 'react';
import { Dropdown, Space, Tag, App } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined, LinkOutlined, DisconnectOutlined } from '@ant-design/icons';
import { ChangePasswordForm } from '../pages/admins/PasswordForms';
import { useNavigate } from 'react-router';
import { useAdmin, useAuth } from '../auth/AuthProvider';
import { useT, type MessageKey } from '../i18n/I18nProvider';
import { useProviders, usePlatformName } from '../pages/qrlogin/IMSignIn';
import { UnbindMyIMMutation } from '../pages/qrlogin/operations';
import { useSubmit } from '../api/useSubmit';

export function UserMenu() {
  const admin = useAdmin();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const t = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  // Linking the account to one's own Feishu or WeCom person (console
  // sign-in by scanning): a full-page visit to the bridge's /sso flow, one
  // entry per corp offering it.
  const providers = useProviders();
  const platformName = usePlatformName();
  const link = providers.map((p) => ({
    key: `link:${p.corpId}`,
    icon: <LinkOutlined />,
    label: <span data-testid={`menu-link-${p.platform}`}>{t('qrlogin.bindIM', { platform: platformName(p), name: p.name })}</span>,
  }));
  const unbind = providers.length ? [{ key: 'unlink', icon: <DisconnectOutlined />, label: t('qrlogin.unbindIM') }] : [];
  const [pw, setPw] = useState(false);
  return (
    <>
    <ChangePasswordForm open={pw} onOpenChange={setPw} />
    <Dropdown
      menu={{
        items: [
          ...link,
          ...unbind,
          { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{t('password.change')}</span> },
          { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout') },
        ],
        onClick: async ({ key }) => {
          if (key === 'password') setPw(true);
          if (key === 'logout') {
            await logout();
            navigate('/login', { replace: true });
          } else if (key.startsWith('link:')) {
            window.location.assign(`/sso/console/bind?corp=${encodeURIComponent(key.slice('link:'.length))}`);
          } else if (key === 'unlink') {
            if (await submit(UnbindMyIMMutation, {})) message.success(t('qrlogin.unbound'));
          }
        },
      }}
    >
      <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
        <UserOutlined />
        <span className="imbridge-narrow-hide">{admin.username}</span>
        <Tag className="imbridge-narrow-hide">{t(`role.${admin.role}` as MessageKey)}</Tag>
      </Space>
    </Dropdown>
    </>
  );
}
