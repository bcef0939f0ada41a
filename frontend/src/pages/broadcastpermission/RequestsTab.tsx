import { useState } from 'react';
import { useQuery } from 'urql';
import { App, Button, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { nodes } from '../../api/cursorPages';
import { useSubmit } from '../../api/useSubmit';
import { usePermission } from '../../auth/usePermission';
import type { BroadcastPermissionRequestStatus, PermissionRequestsQuery as Q } from '../../gql/graphql';
import {
  ApprovePermissionMutation,
  OAUsersQuery,
  PermissionCorpsQuery,
  PermissionRequestsQuery,
  RejectPermissionMutation,
  RequestPermissionMutation,
} from './operations';

type Row = NonNullable<NonNullable<NonNullable<Q['broadcastPermissionRequests']['edges']>[number]>['node']>;

const COLORS: Record<BroadcastPermissionRequestStatus, string> = { PENDING: 'gold', APPROVED: 'green', REJECTED: 'red' };

function when(s?: string | null): string {
  return s ? new Date(s).toLocaleString() : '';
}

/** The requests inbox: approvers approve or reject pending requests with a comment. */
export function RequestsTab() {
  const t = useT();
  const [status, setStatus] = useState<BroadcastPermissionRequestStatus | 'all'>('PENDING');
  const [res, refetch] = useQuery({
    query: PermissionRequestsQuery,
    variables: { first: 100, where: status === 'all' ? {} : { status } },
    requestPolicy: 'cache-and-network',
  });
  const rows = nodes(res.data?.broadcastPermissionRequests);
  const [deciding, setDeciding] = useState<{ row: Row; approve: boolean }>();
  const canFile = usePermission('broadcast:write');
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Segmented
          data-testid="bperm-status"
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={(['PENDING', 'APPROVED', 'REJECTED', 'all'] as const).map((s) => ({ value: s, label: t(`bperm.status.${s}`) }))}
        />
        {canFile && <FileRequest onDone={reload} />}
      </Space>
      <Table<Row>
        rowKey="id"
        loading={res.fetching && !res.data}
        dataSource={rows}
        pagination={false}
        data-testid="bperm-requests"
        columns={[
          { title: t('bperm.requester'), render: (_, r) => r.requester.name },
          { title: t('bperm.corp'), render: (_, r) => r.corp.name },
          {
            title: t('bperm.reason'),
            render: (_, r) => (
              <>
                {r.reason}
                {r.auto && (
                  <div>
                    <Tag>{t('bperm.auto')}</Tag>
                  </div>
                )}
              </>
            ),
          },
          {
            title: t('bperm.draft'),
            render: (_, r) =>
              r.draft ? (
                <>
                  {r.draft.title} · {when(r.draft.start)}
                  {r.broadcast && (
                    <div>
                      <Typography.Text type="success">{t('bperm.broadcastCreated', { title: r.broadcast.title })}</Typography.Text>
                    </div>
                  )}
                  {r.broadcastError && (
                    <div>
                      <Typography.Text type="danger">{t('bperm.broadcastError', { error: r.broadcastError })}</Typography.Text>
                    </div>
                  )}
                </>
              ) : (
                <Typography.Text type="secondary">{t('bperm.draftNone')}</Typography.Text>
              ),
          },
          { title: t('bperm.createdAt'), render: (_, r) => when(r.createdAt) },
          {
            title: t('bperm.status'),
            render: (_, r) => <Tag color={COLORS[r.status]}>{t(`bperm.status.${r.status}`)}</Tag>,
          },
          {
            title: t('bperm.decision'),
            render: (_, r) =>
              r.status === 'PENDING' ? (
                r.canDecide ? (
                  <Space>
                    <Button size="small" type="primary" onClick={() => setDeciding({ row: r, approve: true })}>
                      {t('bperm.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => setDeciding({ row: r, approve: false })}>
                      {t('bperm.reject')}
                    </Button>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('bperm.notApprover')}</Typography.Text>
                )
              ) : (
                <>
                  {t('bperm.decidedBy', { name: r.deciderName ?? '', at: when(r.decidedAt) })}
                  {r.comment && <div>{r.comment}</div>}
                </>
              ),
          },
        ]}
      />
      {deciding && (
        <Decide
          row={deciding.row}
          approve={deciding.approve}
          onClose={(changed) => {
            setDeciding(undefined);
            if (changed) reload();
          }}
        />
      )}
    </>
  );
}

function Decide(props: { row: Row; approve: boolean; onClose: (changed: boolean) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const [form] = Form.useForm<{ comment?: string }>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const { comment } = await form.validateFields();
    setBusy(true);
    const input = { id: props.row.id, comment: comment ?? '' };
    if (props.approve) {
      const res = await submit(ApprovePermissionMutation, { input }, form);
      setBusy(false);
      if (!res) return;
      const r = res.approveBroadcastPermissionRequest;
      if (r.broadcastError) message.warning(t('bperm.approvedNotCreated', { error: r.broadcastError }));
      else if (r.broadcast) message.success(t('bperm.approvedCreated', { title: r.broadcast.title }));
      else message.success(t('bperm.approved'));
    } else {
      const res = await submit(RejectPermissionMutation, { input }, form);
      setBusy(false);
      if (!res) return;
      message.success(t('bperm.rejected'));
    }
    props.onClose(true);
  };
  return (
    <Modal
      open
      title={t(props.approve ? 'bperm.approveTitle' : 'bperm.rejectTitle')}
      okText={t(props.approve ? 'bperm.approve' : 'bperm.reject')}
      okButtonProps={{ danger: !props.approve, loading: busy }}
      onOk={ok}
      onCancel={() => props.onClose(false)}
    >
      <Typography.Paragraph>
        {props.row.requester.name} · {props.row.corp.name}: {props.row.reason}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="comment" label={t('bperm.comment')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} data-testid="bperm-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Ask in advance, for an OA user (no waiting broadcast). */
function FileRequest(props: { onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const submit = useSubmit();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm<{ corpID: string; requesterID: string; reason: string }>();
  const [corps] = useQuery({ query: PermissionCorpsQuery, pause: !open });
  const [users] = useQuery({ query: OAUsersQuery, variables: { search: search || null }, pause: !open });
  const ok = async () => {
    const v = await form.validateFields();
    if (await submit(RequestPermissionMutation, { input: v }, form)) {
      message.success(t('bperm.filed'));
      setOpen(false);
      form.resetFields();
      props.onDone();
    }
  };
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="bperm-file">
        {t('bperm.file')}
      </Button>
      <Modal open={open} title={t('bperm.file')} onOk={ok} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="corpID" label={t('bperm.corp')} rules={[{ required: true }]}>
            <Select options={nodes(corps.data?.corps).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="requesterID" label={t('bperm.requester')} rules={[{ required: true }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setSearch}
              options={nodes(users.data?.users).map((u) => ({ value: u.id, label: `${u.name} (${u.externalID})` }))}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('bperm.reason')} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
