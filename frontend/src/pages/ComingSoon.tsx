import { PageContainer } from '@ant-design/pro-components';
import { Result } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useT } from '../i18n/I18nProvider';

/** Stand-in for areas that later issues will fill (push, QR login, broadcasts…). */
export function ComingSoon() {
  const t = useT();
  return (
    <PageContainer>
      <Result icon={<ToolOutlined />} title={t('common.comingSoon')} subTitle={t('common.comingSoonDesc')} />
    </PageContainer>
  );
}
