import { useEffect, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { App, Button, Card, Empty, Form, Radio, Select, Space, TreeSelect, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { nodes } from '../../api/cursorPages';
import { useSubmit } from '../../api/useSubmit';
import { usePermission } from '../../auth/usePermission';
import type { BroadcastPolicyApproverMode, BroadcastPolicyMode } from '../../gql/graphql';
import { BroadcastPolicyQuery, PermissionCorpsQuery, SetBroadcastPolicyMutation } from './operations';

interface Values {
  mode: BroadcastPolicyMode;
  departmentIDs: string[];
  userIDs: string[];
  approverMode: BroadcastPolicyApproverMode;
  approverIDs: string[];
  approverUserIDs: string[];
}

interface TreeNode {
  title: string;
  value: string;
  children: TreeNode[];
}

/** The org chart as a tree for the department picker (parents first, orphans at the top). */
function tree(depts: { id: string; name: string; parentID?: string | null }[]): TreeNode[] {
  const byID = new Map(depts.map((d) => [d.id, { title: d.name, value: d.id, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const d of depts) {
    const n = byID.get(d.id)!;
    const p = d.parentID ? byID.get(d.parentID) : undefined;
    (p ? p.children : roots).push(n);
  }
  return roots;
}

/** One corp's broadcast permission: mode, departments and people from its org chart, approvers. */
export function PolicyTab() {
  const t = useT();
  const [corpsRes] = useQuery({ query: PermissionCorpsQuery });
  const corps = nodes(corpsRes.data?.corps);
  const [corpID, setCorpID] = useState<string>();
  const current = corpID ?? corps[0]?.id;
  if (corpsRes.data && corps.length === 0) return <Empty description={t('bperm.noCorps')} />;
  return (
    <Card loading={corpsRes.fetching && !corpsRes.data}>
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>{t('bperm.corp')}</Typography.Text>
        <Select
          data-testid="bperm-corp"
          style={{ minWidth: 240 }}
          value={current}
          onChange={setCorpID}
          options={corps.map((c) => ({ value: c.id, label: c.name }))}
        />
      </Space>
      {current && <PolicyForm key={current} corpID={current} />}
    </Card>
  );
}

function PolicyForm(props: { corpID: string }) {
  const t = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const canWrite = usePermission('integration:write');
  const [form] = Form.useForm<Values>();
  const [res, refetch] = useQuery({ query: BroadcastPolicyQuery, variables: { corpID: props.corpID } });
  const policy = res.data?.broadcastPolicy;
  const departments = useMemo(() => tree(nodes(res.data?.departments)), [res.data?.departments]);
  const users = nodes(res.data?.users);
  const oaUsers = nodes(res.data?.oaUsers);
  const admins = nodes(res.data?.admins).filter((a) => !a.disabled && (a.role === 'tenant_admin' || a.role === 'operator'));
  useEffect(() => {
    if (!res.data) return;
    form.setFieldsValue({
      mode: policy?.mode ?? 'EVERYONE',
      departmentIDs: policy?.departments.map((d) => d.id) ?? [],
      userIDs: policy?.users.map((u) => u.id) ?? [],
      approverMode: policy?.approverMode ?? 'ADMINS',
      approverIDs: policy?.approvers.map((a) => a.id) ?? [],
      approverUserIDs: policy?.approverUsers.map((u) => u.id) ?? [],
    });
  }, [res.data, policy, form]);
  const mode = Form.useWatch('mode', form);
  const approverMode = Form.useWatch('approverMode', form);

  const save = async (v: Values) => {
    const ok = await submit(
      SetBroadcastPolicyMutation,
      {
        input: {
          corpID: props.corpID,
          mode: v.mode,
          departmentIDs: v.mode === 'SELECTED' ? v.departmentIDs : [],
          userIDs: v.mode === 'SELECTED' ? v.userIDs : [],
          approverMode: v.approverMode,
          approverIDs: v.approverMode === 'NAMED' ? v.approverIDs : [],
          approverUserIDs: v.approverMode === 'NAMED' ? v.approverUserIDs : [],
        },
      },
      form,
    );
    if (ok) {
      message.success(t('bperm.saved'));
      refetch({ requestPolicy: 'network-only' });
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={save} disabled={!canWrite} style={{ maxWidth: 640 }}>
      {res.data && !policy && <Typography.Paragraph type="secondary">{t('bperm.noPolicy')}</Typography.Paragraph>}
      <Form.Item name="mode" label={t('bperm.mode')}>
        <Radio.Group
          data-testid="bperm-mode"
          options={(['EVERYONE', 'SELECTED'] as const).map((m) => ({ value: m, label: t(`bperm.mode.${m}`) }))}
        />
      </Form.Item>
      {mode === 'SELECTED' && (
        <>
          <Form.Item name="departmentIDs" label={t('bperm.departments')} extra={t('bperm.departmentsHelp')}>
            <TreeSelect
              data-testid="bperm-departments"
              treeData={departments}
              treeCheckable
              treeCheckStrictly={false}
              showCheckedStrategy={TreeSelect.SHOW_PARENT}
              treeDefaultExpandAll
              allowClear
              showSearch
              treeNodeFilterProp="title"
            />
          </Form.Item>
          <Form.Item name="userIDs" label={t('bperm.users')}>
            <Select
              data-testid="bperm-users"
              mode="multiple"
              allowClear
              showSearch
              optionFilterProp="label"
              options={users.map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        </>
      )}
      <Form.Item name="approverMode" label={t('bperm.approverMode')}>
        <Radio.Group
          data-testid="bperm-approver-mode"
          options={(['ADMINS', 'NAMED'] as const).map((m) => ({ value: m, label: t(`bperm.approverMode.${m}`) }))}
        />
      </Form.Item>
      {approverMode === 'NAMED' && (
        <Form.Item name="approverIDs" label={t('bperm.approvers')} extra={t('bperm.approversHelp')}>
          <Select
            data-testid="bperm-approvers"
            mode="multiple"
            options={admins.map((a) => ({ value: a.id, label: a.displayName ? `${a.displayName} (${a.username})` : a.username }))}
          />
        </Form.Item>
      )}
      {approverMode === 'NAMED' && (
        // People (OA users bound in this corp): an IM message tells them of
        // each request; they decide signed in with a linked account.
        <Form.Item name="approverUserIDs" label={t('bperm.approverUsers')} extra={t('bperm.approverUsersHelp')}>
          <Select
            data-testid="bperm-approver-users"
            mode="multiple"
            allowClear
            showSearch
            optionFilterProp="label"
            options={oaUsers.map((u) => ({ value: u.id, label: `${u.name} (${u.externalID})` }))}
          />
        </Form.Item>
      )}
      {canWrite && (
        <Button type="primary" htmlType="submit" data-testid="bperm-save">
          {t('bperm.save')}
        </Button>
      )}
    </Form>
  );
}
