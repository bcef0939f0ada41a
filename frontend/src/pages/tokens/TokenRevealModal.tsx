import { Alert, Modal, Typography } from 'antd';
import { ApiUsage } from './ApiUsage';
import { useT } from '../../i18n/I18nProvider';

/** Shows a freshly created token once; the server keeps only its hash. */
export function TokenRevealModal(props: { token: string | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={!!props.token}
      title={t('tokens.createdTitle')}
      onOk={props.onClose}
      onCancel={props.onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
    >
      <Alert type="warning" showIcon message={t('tokens.createdHint')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph
        code
        copyable={{ text: props.token ?? '', tooltips: [t('common.copy'), t('common.copied')] }}
        data-testid="api-token-value"
        style={{ wordBreak: 'break-all' }}
      >
        {props.token}
      </Typography.Paragraph>
      <ApiUsage token={props.token ?? ''} />
    </Modal>
  );
}
