import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { Alert, App, Button, Card, Input, Modal, Statistic, Typography } from 'antd';
import { DisconnectOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/I18nProvider';
import { useSubmit } from '../../api/useSubmit';
import { BindingCountQuery, UnbindAllMutation } from './operations';

/**
 * Batch unbind (批量解绑): every user binding of the corp, confirmed by
 * typing the count shown; the server refuses when the count has changed.
 */
export function UnbindAllCard(props: { corpId: string; corpName: string; canWrite: boolean; version: number; onDone: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const [res, refetch] = useQuery({
    query: BindingCountQuery,
    variables: { corpID: props.corpId },
    requestPolicy: 'network-only',
  });
  useEffect(() => {
    if (props.version > 0) refetch({ requestPolicy: 'network-only' });
  }, [props.version, refetch]);
  const count = res.data?.bindingCount ?? 0;
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      const data = await submit(UnbindAllMutation, { input: { corpID: props.corpId, confirmCount: count } });
      if (data) {
        message.success(t('workbench.unbindAll.done', { count: data.unbindAll.count }));
        setOpen(false);
        props.onDone();
      }
      refetch({ requestPolicy: 'network-only' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('workbench.unbindAll.title')} data-testid="binding-unbind-all">
      <Typography.Paragraph type="secondary">{t('workbench.unbindAll.help')}</Typography.Paragraph>
      <Statistic title={t('workbench.unbindAll.count')} value={count} loading={res.fetching} valueStyle={{ fontSize: 24 }} />
      <Button
        danger
        icon={<DisconnectOutlined />}
        disabled={!props.canWrite || count === 0}
        style={{ marginTop: 12 }}
        onClick={() => {
          setTyped('');
          setOpen(true);
        }}
        data-testid="unbind-all"
      >
        {t('workbench.unbindAll.button')}
      </Button>
      <Modal
        open={open}
        title={t('workbench.unbindAll.confirmTitle', { count, corp: props.corpName })}
        okText={t('workbench.unbindAll.button')}
        okButtonProps={{ danger: true, disabled: typed.trim() !== String(count), loading: busy }}
        onOk={confirm}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert type="warning" showIcon message={t('workbench.unbindAll.confirmText', { count })} style={{ marginBottom: 12 }} />
        <Input
          data-testid="unbind-all-count"
          placeholder={t('workbench.unbindAll.typeCount', { count })}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
