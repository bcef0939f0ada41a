import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth/AuthProvider';
import { errorText } from '../api/errorText';
import { ApiError } from '../auth/api';
import { useT } from '../i18n/I18nProvider';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { IMSignIn } from './qrlogin/IMSignIn';

interface Credentials {
  username: string;
  password: string;
}

/** Only relative in-app paths are accepted as a post-login target (no open redirect). */
function safeTarget(from: string | null): string {
  return from && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function LoginPage() {
  const { admin, login, expired } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const target = safeTarget(params.get('from'));

  if (admin) return <Navigate to={target} replace />;

  const onFinish = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
      navigate(target, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'RATE_LIMITED') {
        setError(t('auth.rateLimited', { seconds: e.retryAfter ?? 60 }));
      } else if (e instanceof ApiError && e.status === 401) {
        setError(t('auth.failed'));
      } else {
        setError(e instanceof ApiError ? errorText(t, { code: e.code, message: e.message, status: e.code.startsWith('HTTP_') ? e.status : undefined }) : t('error.network'));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f7fa' }}>
      <Card style={{ width: 380 }}>
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.title')}
            </Typography.Title>
            <LanguageSwitch />
          </Space>
          {expired && !error && <Alert type="warning" showIcon message={t('auth.sessionExpired')} />}
          {error && <Alert type="error" showIcon message={error} data-testid="login-error" />}
          <Form<Credentials> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
            <Form.Item
              name="username"
              label={t('auth.username')}
              rules={[{ required: true, message: t('auth.required', { field: t('auth.username') }) }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('auth.password')}
              rules={[{ required: true, message: t('auth.required', { field: t('auth.password') }) }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('auth.login')}
            </Button>
          </Form>
          <IMSignIn />
        </Space>
      </Card>
    </div>
  );
}
