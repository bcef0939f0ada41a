import { App, Button, Input, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider';
import { useSubmit } from '../../api/useSubmit';
import { usePermission } from '../../auth/usePermission';
import { ApplySyncPlanMutation, ApproveSyncRunMutation, RejectSyncRunMutation, UndoSyncRunMutation } from './engineOperations';
import { isSucceeded } from './runState';
import type { PlanFieldsFragment } from '../../gql/graphql';

const isSync = (run: PlanFieldsFragment) => run.kind === 'oa_to_im' || run.kind === 'im_to_oa';

/**
 * What can be done with a sync run: apply a succeeded dry run's plan,
 * approve or reject one the deletion brake stopped, undo a finished one
 * (which plans the undo first, as a dry run). onStarted gets a new run's id.
 */
export function RunActions(props: { run: PlanFieldsFragment; onChanged: (newRun?: string) => void }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const canSync = usePermission('sync:write');
  const [reason, setReason] = useState('');
  const { run } = props;
  if (!canSync || !isSync(run)) return null;

  const apply = async () => {
    const data = await submit(ApplySyncPlanMutation, { runID: run.id });
    if (data) {
      message.success(t('sc.applied', { id: data.applySyncPlan.id }));
      props.onChanged(data.applySyncPlan.id);
    }
  };
  const approve = async () => {
    if (await submit(ApproveSyncRunMutation, { id: run.id })) {
      message.success(t('sc.approved'));
      props.onChanged();
    }
  };
  const reject = async () => {
    if (await submit(RejectSyncRunMutation, { id: run.id, reason: reason.trim() || undefined })) {
      message.success(t('sc.rejected'));
      props.onChanged();
    }
  };
  const undo = async () => {
    const data = await submit(UndoSyncRunMutation, { input: { runID: run.id, dryRun: true } });
    if (data) {
      message.success(t('sc.undoPlanned', { id: data.undoSyncRun.id }));
      props.onChanged(data.undoSyncRun.id);
    }
  };

  return (
    <Space>
      {run.dryRun && isSucceeded(run.status) && (
        <Popconfirm title={t('sc.applyConfirm')} onConfirm={apply} overlayStyle={{ maxWidth: 360 }}>
          <Button type="primary" data-testid="apply-plan">
            {t('sc.apply')}
          </Button>
        </Popconfirm>
      )}
      {run.status === 'awaiting_approval' && (
        <>
          <Popconfirm title={t('sc.approveConfirm')} onConfirm={approve} overlayStyle={{ maxWidth: 360 }}>
            <Button type="primary" danger data-testid="approve-run">
              {t('sc.approve')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('sc.rejectConfirm')}
            description={<Input size="small" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('sc.col.reason')} />}
            onConfirm={reject}
          >
            <Button data-testid="reject-run">{t('sc.reject')}</Button>
          </Popconfirm>
        </>
      )}
      {!run.dryRun && isSucceeded(run.status) && (
        <Popconfirm title={t('sc.undoConfirm')} onConfirm={undo} overlayStyle={{ maxWidth: 360 }}>
          <Button data-testid="undo-run">{t('sc.undo')}</Button>
        </Popconfirm>
      )}
    </Space>
  );
}
