import { Alert, Modal, Typography } from 'antd';
import { useT } from '../../../i18n/I18nProvider';

/**
 * Shows an endpoint's new signing secret once; the server keeps it sealed.
 * Closing removes it from the page too.
 */
export function SecretModal(props: { secret: string | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={!!props.secret}
      title={t('webhooks.secretTitle')}
      onOk={props.onClose}
      onCancel={props.onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={t('webhooks.secretHint')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph
        code
        copyable={{ text: props.secret ?? '', tooltips: [t('common.copy'), t('common.copied')] }}
        data-testid="webhook-secret-value"
        style={{ wordBreak: 'break-all' }}
      >
        {props.secret}
      </Typography.Paragraph>
    </Modal>
  );
}
