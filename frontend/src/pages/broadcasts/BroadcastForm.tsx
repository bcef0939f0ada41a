import type { ReactElement } from 'react';
import {
  ModalForm,
  ProFormDateTimePicker,
  ProFormDependency,
  ProFormDigit,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { App, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useClient, useQuery } from 'urql';
import { useSubmit } from '../../api/useSubmit';
import { nodes } from '../../api/cursorPages';
import { useT } from '../../i18n/I18nProvider';
import { BroadcastAnchorsQuery, BroadcastAppsQuery, CreateBroadcastMutation, UpdateBroadcastMutation } from './operations';

// The seed 002 limits, mirrored from worker/broadcast/rules.go; the server
// checks them again and its errors land on the same fields.
export const MAX_TITLE = 20;
export const MAX_DESCRIPTION = 100;
export const MAX_IMAGES = 5;
export const LIVE_TYPES = [0, 1, 2, 3, 4] as const;
const ACTIVITY = 4;

interface Values {
  appID?: string;
  anchorID?: string;
  title: string;
  startTime: Dayjs | string;
  durationSeconds: number; // minutes in the form
  liveType: number;
  description?: string;
  remindSeconds: number; // minutes in the form
  activityDescription?: string;
  activityImages?: string;
}

export interface ExistingBroadcast {
  id: string;
  title: string;
  startTime: string;
  durationSeconds: number;
  liveType: number;
  description?: string | null;
  remindSeconds: number;
  activityDescription?: string | null;
  activityImages?: string[] | null;
}

const chars = (s: string | undefined) => [...(s ?? '')].length;

/** Create or edit a broadcast (seed 002 §2.1, §2.2). */
export function BroadcastForm(props: { broadcast?: ExistingBroadcast; trigger: ReactElement; onDone: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const client = useClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [apps] = useQuery({ query: BroadcastAppsQuery, pause: !!props.broadcast });
  const appOptions = nodes(apps.data?.apps)
    .filter((a) => a.corp.platform === 'wecom' || a.corp.platform === 'feishu')
    .map((a) => ({ value: a.id, label: `${a.corp.name} · ${a.name}`, corpID: a.corpID }));
  const b = props.broadcast;
  return (
    <ModalForm<Values>
      title={b ? t('bc.edit') : t('bc.create')}
      trigger={props.trigger}
      form={form}
      name="broadcast"
      width={640}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        b
          ? {
              title: b.title,
              startTime: dayjs(b.startTime),
              durationSeconds: Math.round(b.durationSeconds / 60),
              liveType: b.liveType,
              description: b.description ?? '',
              remindSeconds: Math.round(b.remindSeconds / 60),
              activityDescription: b.activityDescription ?? '',
              activityImages: (b.activityImages ?? []).join('\n'),
            }
          : { liveType: 0, remindSeconds: 0, durationSeconds: 60, startTime: dayjs().add(1, 'day').startOf('hour') }
      }
      onFinish={async (v) => {
        const activity =
          v.liveType === ACTIVITY
            ? {
                description: v.activityDescription || undefined,
                images: (v.activityImages ?? '')
                  .split('\n')
                  .map((s) => s.trim())
                  .filter(Boolean),
              }
            : undefined;
        const common = {
          title: v.title,
          startTime: dayjs(v.startTime).toISOString(),
          durationSeconds: Math.round(v.durationSeconds * 60),
          liveType: v.liveType,
          description: v.description ?? '',
          remindSeconds: Math.round(v.remindSeconds * 60),
          activity,
        };
        let notes: readonly string[] | null | undefined;
        if (b) {
          const res = await submit(UpdateBroadcastMutation, { id: b.id, input: common }, form);
          if (!res) return false;
          notes = res.updateBroadcast.notes;
        } else {
          const app = appOptions.find((a) => a.value === v.appID);
          const res = await submit(
            CreateBroadcastMutation,
            { input: { ...common, corpID: app?.corpID ?? '', appID: v.appID ?? '', anchorID: v.anchorID ?? '' } },
            form,
          );
          if (!res) return false;
          notes = res.createBroadcast.notes;
        }
        message.success(notes?.length ? `${t('bc.saved')}: ${notes.join('; ')}` : t('bc.saved'));
        props.onDone();
        return true;
      }}
    >
      {!b && (
        <>
          <ProFormSelect name="appID" label={t('bc.field.app')} options={appOptions} rules={[{ required: true }]} />
          <ProFormDependency name={['appID']}>
            {({ appID }) => {
              const corpID = appOptions.find((a) => a.value === appID)?.corpID;
              return (
                <ProFormSelect
                  key={corpID ?? 'none'}
                  name="anchorID"
                  label={t('bc.field.anchor')}
                  tooltip={t('bc.field.anchorHelp')}
                  showSearch
                  disabled={!corpID}
                  rules={[{ required: true }]}
                  debounceTime={300}
                  params={{ corpID }}
                  request={async ({ keyWords }) => {
                    if (!corpID) return [];
                    const where = { corpID, kind: 'user' as const, hasOaUserWith: keyWords ? [{ search: keyWords }] : undefined };
                    const res = await client.query(BroadcastAnchorsQuery, { where }).toPromise();
                    return nodes(res.data?.bindings)
                      .flatMap((b) => (b.oaUser ? [b.oaUser] : []))
                      .map((u) => ({ value: u.id, label: `${u.name} (${u.externalID})` }));
                  }}
                />
              );
            }}
          </ProFormDependency>
        </>
      )}
      <ProFormText
        name="title"
        label={t('bc.field.title')}
        fieldProps={{ showCount: true, maxLength: MAX_TITLE }}
        rules={[
          { required: true, whitespace: true, message: t('bc.rule.title') },
          { validator: async (_: unknown, v: string) => (chars(v) > MAX_TITLE ? Promise.reject(new Error(t('bc.rule.title'))) : undefined) },
        ]}
      />
      <ProFormDateTimePicker
        name="startTime"
        label={t('bc.field.startTime')}
        fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' } }}
        rules={[
          { required: true, message: t('bc.rule.future') },
          {
            validator: async (_: unknown, v: Dayjs | string | undefined) =>
              v && !dayjs(v).isAfter(dayjs()) ? Promise.reject(new Error(t('bc.rule.future'))) : undefined,
          },
        ]}
      />
      <ProFormDigit
        name="durationSeconds"
        label={t('bc.field.duration')}
        min={1}
        fieldProps={{ precision: 0 }}
        rules={[{ required: true, type: 'number', min: 1, message: t('bc.rule.duration') }]}
      />
      <ProFormSelect
        name="liveType"
        label={t('bc.field.type')}
        options={LIVE_TYPES.map((n) => ({ value: n, label: t(`bc.type.${n}`) }))}
        rules={[{ required: true }]}
      />
      <ProFormTextArea
        name="description"
        label={t('bc.field.description')}
        fieldProps={{ showCount: true, maxLength: MAX_DESCRIPTION }}
        rules={[
          {
            validator: async (_: unknown, v: string) => (chars(v) > MAX_DESCRIPTION ? Promise.reject(new Error(t('bc.rule.description'))) : undefined),
          },
        ]}
      />
      <ProFormDigit
        name="remindSeconds"
        label={t('bc.field.remind')}
        tooltip={t('bc.field.remindHelp')}
        min={0}
        fieldProps={{ precision: 0 }}
        rules={[{ type: 'number', min: 0, message: t('bc.rule.remind') }]}
      />
      <ProFormDependency name={['liveType']}>
        {({ liveType }) =>
          liveType === ACTIVITY && (
            <>
              <ProFormTextArea name="activityDescription" label={t('bc.field.activityDescription')} />
              <ProFormTextArea name="activityImages" label={t('bc.field.activityImages')} extra={t('bc.rule.images')} />
            </>
          )
        }
      </ProFormDependency>
    </ModalForm>
  );
}
