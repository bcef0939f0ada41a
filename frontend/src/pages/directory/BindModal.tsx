import type { ReactElement } from 'react';
import { useQuery } from 'urql';
import { ModalForm, ProFormSelect } from '@ant-design/pro-components';
import { App, Form, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { nodes } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { useSubmit } from '../../api/useSubmit';
import { CorpsQuery } from '../integrations/operations';
import { BindCandidatesQuery, BindUsersMutation } from './bindingOperations';

interface Values {
  corpID: string;
  imUserID: string;
}

/** Picks an IM user of a corp (searched by name or mobile) and binds the OA user to it. */
export function BindModal(props: { user: { id: string; name: string }; trigger: ReactElement; onDone: () => void }) {
  const t = useT();
  const query = useQueryFn();
  const submit = useSubmit();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [corpsRes] = useQuery({ query: CorpsQuery, variables: { first: 50 } });
  const corps = nodes(corpsRes.data?.corps);

  return (
    <ModalForm<Values>
      title={t('bindings.modalTitle', { name: props.user.name })}
      trigger={props.trigger}
      form={form}
      name="bind"
      width={480}
      initialValues={{ corpID: (corps.find((c) => c.platform === 'feishu') ?? corps[0])?.id }}
      modalProps={{ destroyOnHidden: true, afterClose: () => form.resetFields() }}
      onFinish={async (v) => {
        const ok = await submit(BindUsersMutation, { input: { oaUserID: props.user.id, imUserID: v.imUserID } }, form, {
          CONFLICT: 'bindings.conflict',
        });
        if (!ok) return false;
        message.success(t('bindings.bound'));
        props.onDone();
        return true;
      }}
    >
      <Typography.Paragraph type="secondary">{t('bindings.help')}</Typography.Paragraph>
      <ProFormSelect
        name="corpID"
        label={t('bindings.corp')}
        rules={[{ required: true }]}
        options={corps.map((c) => ({ value: c.id, label: c.name }))}
        fieldProps={{ onChange: () => form.setFieldValue('imUserID', undefined) }}
      />
      <ProFormSelect
        name="imUserID"
        label={t('bindings.imUser')}
        rules={[{ required: true }]}
        dependencies={['corpID']}
        showSearch
        debounceTime={300}
        placeholder={t('bindings.imUserPlaceholder')}
        fieldProps={{ filterOption: false }}
        request={async ({ keyWords, corpID }) => {
          if (!corpID) return [];
          const where = { corpID, oaSide: false, removedAtIsNil: true, search: keyWords?.trim() || undefined };
          const data = await query(BindCandidatesQuery, {
            free: { ...where, hasImBindings: false },
            bound: { ...where, hasImBindings: true },
          });
          const option = (u: { id: string; name: string; mobile?: string | null }, bound: boolean) => ({
            value: u.id,
            label: [u.name, u.mobile, bound ? t('bindings.imUserBound') : undefined].filter(Boolean).join(' · '),
          });
          return [...nodes(data?.free).map((u) => option(u, false)), ...nodes(data?.bound).map((u) => option(u, true))];
        }}
      />
    </ModalForm>
  );
}
