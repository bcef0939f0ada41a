import { useState } from 'react';
import { Dropdown, Space, Tag } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ChangePasswordForm } from '../pages/admins/PasswordForms';
import { useNavigate } from 'react-router';
import { useAdmin, useAuth } from '../auth/AuthProvider';
import { useT, type MessageKey } from '../i18n/I18nProvider';

export function UserMenu() {
  const admin = useAdmin();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const t = useT();
  const [pw, setPw] = useState(false);
  return (
    <>
    <ChangePasswordForm open={pw} onOpenChange={setPw} />
    <Dropdown
      menu={{
        items: [
          { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{t('password.change')}</span> },
          { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout') },
        ],
        onClick: async ({ key }) => {
          if (key === 'password') setPw(true);
          if (key === 'logout') {
            await logout();
            navigate('/login', { replace: true });
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
