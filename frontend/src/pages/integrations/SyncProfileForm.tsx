import type { ReactElement } from 'react';
import { ModalForm, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { Form } from 'antd';
import { useSubmit } from '../../api/useSubmit';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { CreateSyncProfileMutation, UpdateSyncProfileMutation } from './profileOperations';
import { ScheduleField } from './ScheduleField';
import type { SyncProfileMode, SyncProfilePermission } from '../../gql/graphql';

interface Values {
  appID: string;
  mode: SyncProfileMode;
  permission: SyncProfilePermission;
  topDepartmentID: string;
  schedule?: string;
}

export interface ExistingProfile {
  id: string;
  mode: SyncProfileMode;
  permission: SyncProfilePermission;
  topDepartmentID: string;
  schedule?: string | null;
  app: { id: string };
}

const MODES: SyncProfileMode[] = ['im_to_bridge', 'im_to_oa', 'oa_to_im'];
const PERMISSIONS: SyncProfilePermission[] = ['read_only', 'read_write'];

/** A corp's sync settings (seed 003 §4.2, the essentials). */
export function SyncProfileForm(props: {
  corpId: string;
  apps: { id: string; name: string }[];
  profile?: ExistingProfile;
  trigger: ReactElement;
  onDone: () => void;
}) {
  const t = useT();
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  const { profile } = props;
  const initial: Partial<Values> = profile
    ? { ...profile, appID: profile.app.id, schedule: profile.schedule ?? undefined }
    : { mode: 'im_to_bridge', permission: 'read_only', topDepartmentID: '0', appID: props.apps[0]?.id };

  return (
    <ModalForm<Values>
      title={profile ? t('profile.edit') : t('profile.create')}
      trigger={props.trigger}
      form={form}
      name="profile"
      initialValues={initial}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const schedule = v.schedule?.trim() || undefined;
        const ok = profile
          ? await submit(
              UpdateSyncProfileMutation,
              { id: profile.id, input: { ...v, topDepartmentID: v.topDepartmentID.trim(), schedule, clearSchedule: !schedule } },
              form,
            )
          : await submit(CreateSyncProfileMutation, { input: { ...v, schedule, corpID: props.corpId } }, form);
        if (ok) props.onDone();
        return !!ok;
      }}
    >
      <ProFormSelect
        name="appID"
        label={t('profile.app')}
        rules={[{ required: true }]}
        options={props.apps.map((a) => ({ value: a.id, label: a.name }))}
      />
      <ProFormSelect
        name="mode"
        label={t('profile.mode')}
        rules={[{ required: true }]}
        options={MODES.map((m) => ({ value: m, label: t(`mode.${m}` as MessageKey) }))}
      />
      <ProFormSelect
        name="permission"
        label={t('profile.permission')}
        rules={[{ required: true }]}
        options={PERMISSIONS.map((p) => ({ value: p, label: t(`perm.${p}` as MessageKey) }))}
      />
      <ProFormText
        name="topDepartmentID"
        label={t('profile.topDepartmentID')}
        extra={t('profile.topDepartmentExtra')}
        rules={[{ required: true, whitespace: true }]}
      />
      <ScheduleField />
    </ModalForm>
  );
}
