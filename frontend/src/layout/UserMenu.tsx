import { Dropdown, Space, Tag } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useAdmin, useAuth } from '../auth/AuthProvider';
import { useT, type MessageKey } from '../i18n/I18nProvider';

export function UserMenu() {
  const admin = useAdmin();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const t = useT();
  return (
    <Dropdown
      menu={{
        items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout') }],
        onClick: async ({ key }) => {
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
  );
}
