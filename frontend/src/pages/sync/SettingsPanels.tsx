import { useEffect } from 'react';
import { useQuery } from 'urql';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useSubmit } from '../../api/useSubmit';
import { usePermission } from '../../auth/usePermission';
import { nodes } from '../../api/cursorPages';
import { FullSyncProfileQuery, SaveSyncProfileMutation } from './engineOperations';
import type { FullSyncProfileQuery as Data, SyncProfileMode, SyncProfilePermission, SyncProfileResourceAcceptor, UpdateSyncProfileInput } from '../../gql/graphql';
import { FieldMapCard } from './FieldMapCard';

type Profile = NodeOfProfiles<Data['syncProfiles']>;
type NodeOfProfiles<C> = C extends { edges?: (infer E)[] | null } ? NonNullable<NonNullable<E> extends { node?: infer N } ? N : never> : never;

interface Values {
  mode: SyncProfileMode;
  permission: SyncProfilePermission;
  topDepartmentID: string;
  createUsers: boolean;
  userIDField?: string;
  includePartTime: boolean;
  offboarding: 'disable' | 'delete';
  deleteAfterDays?: number | null;
  moveDisabled: boolean;
  disabledDepartmentName: string;
  autoBindField: string;
  scopeDepartments: string[];
  scopeUsersInclude: string[];
  scopeUsersExclude: string[];
  thresholdCount: number;
  thresholdPercent: number;
  oaToImSchedule?: string;
  imToOaSchedule?: string;
  syncOnOaImport: boolean;
  resourceAcceptor: SyncProfileResourceAcceptor;
  resourceAcceptorUserID?: string;
}

const AUTO_BIND = ['none', 'mobile', 'email', 'employee_no'];

const sameSet = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined) => {
  const x = [...(a ?? [])].sort();
  const y = [...(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/** The form's values → the update input; empty optional values are cleared. */
function toInput(v: Values): UpdateSyncProfileInput {
  const userIDField = v.userIDField?.trim();
  const oaToIm = v.oaToImSchedule?.trim();
  const imToOa = v.imToOaSchedule?.trim();
  const acceptorUser = v.resourceAcceptor === 'user' ? v.resourceAcceptorUserID?.trim() : undefined;
  const list = (xs: string[]) => xs.map((x) => x.trim()).filter(Boolean);
  const dep = list(v.scopeDepartments ?? []);
  const inc = list(v.scopeUsersInclude ?? []);
  const exc = list(v.scopeUsersExclude ?? []);
  return {
    mode: v.mode,
    permission: v.permission,
    topDepartmentID: v.topDepartmentID.trim(),
    createUsers: v.createUsers,
    ...(userIDField ? { userIDField } : { clearUserIDField: true }),
    includePartTime: v.includePartTime,
    offboarding: v.offboarding,
    deleteAfterDays: v.deleteAfterDays ?? 0,
    moveDisabled: v.moveDisabled,
    disabledDepartmentName: v.disabledDepartmentName,
    autoBindField: v.autoBindField,
    ...(dep.length ? { scopeDepartments: dep } : { clearScopeDepartments: true }),
    ...(inc.length ? { scopeUsersInclude: inc } : { clearScopeUsersInclude: true }),
    ...(exc.length ? { scopeUsersExclude: exc } : { clearScopeUsersExclude: true }),
    thresholdCount: v.thresholdCount ?? 0,
    thresholdPercent: v.thresholdPercent ?? 0,
    ...(oaToIm ? { oaToImSchedule: oaToIm } : { clearOaToImSchedule: true }),
    ...(imToOa ? { imToOaSchedule: imToOa } : { clearImToOaSchedule: true }),
    syncOnOaImport: v.syncOnOaImport,
    resourceAcceptor: v.resourceAcceptor,
    ...(acceptorUser ? { resourceAcceptorUserID: acceptorUser } : { clearResourceAcceptorUserID: true }),
  };
}

/**
 * A corp's sync settings laid out as the seed's three panels (seed 003
 * §4.2.3): basic, scope, safety and schedule. A scope change is confirmed
 * first, saying that bound users leaving the scope are removed from Feishu.
 */
export function SettingsPanels(props: { corpId: string }) {
  const t = useT();
  const submit = useSubmit();
  const { message, modal } = App.useApp();
  const canWrite = usePermission('sync:write');
  const [form] = Form.useForm<Values>();
  const [res, refetch] = useQuery({ query: FullSyncProfileQuery, variables: { corpID: props.corpId }, requestPolicy: 'network-only' });
  const profile: Profile | undefined = nodes(res.data?.syncProfiles)[0];
  const offboarding = Form.useWatch('offboarding', form);
  const moveDisabled = Form.useWatch('moveDisabled', form);
  const resourceAcceptor = Form.useWatch('resourceAcceptor', form);

  useEffect(() => {
    if (!profile) return;
    form.setFieldsValue({
      ...profile,
      userIDField: profile.userIDField ?? undefined,
      oaToImSchedule: profile.oaToImSchedule ?? undefined,
      imToOaSchedule: profile.imToOaSchedule ?? undefined,
      resourceAcceptorUserID: profile.resourceAcceptorUserID ?? undefined,
      scopeDepartments: profile.scopeDepartments ?? [],
      scopeUsersInclude: profile.scopeUsersInclude ?? [],
      scopeUsersExclude: profile.scopeUsersExclude ?? [],
    });
  }, [profile, form]);

  if (!profile) return res.fetching ? null : <Empty description={t('sc.noProfile')} />;

  const save = async (v: Values) => {
    const input = toInput(v);
    const scopeChanged =
      !sameSet(input.scopeDepartments ?? [], profile.scopeDepartments) ||
      !sameSet(input.scopeUsersInclude ?? [], profile.scopeUsersInclude) ||
      !sameSet(input.scopeUsersExclude ?? [], profile.scopeUsersExclude);
    const write = async () => {
      if (await submit(SaveSyncProfileMutation, { id: profile.id, input }, form)) {
        message.success(t('sc.saved'));
        refetch({ requestPolicy: 'network-only' });
      }
    };
    if (!scopeChanged) return write();
    modal.confirm({
      title: t('sc.f.scopeConfirmTitle'),
      content: t('sc.f.scopeConfirm', { action: t(`sc.f.scopeConfirm.${v.offboarding}` as MessageKey) }),
      okButtonProps: { danger: true },
      onOk: write,
    });
  };

  const onOff = (name: keyof Values, label: MessageKey) => (
    <Form.Item name={name} label={t(label)} valuePropName="checked">
      <Switch />
    </Form.Item>
  );

  return (
    <>
      <Form<Values> form={form} layout="vertical" onFinish={save} disabled={!canWrite} data-testid="sync-settings">
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={8}>
            <Card title={t('sc.panel.basic')} data-testid="panel-basic">
              <Form.Item name="mode" label={t('sc.f.mode')} rules={[{ required: true }]}>
                <Select data-testid="setting-mode" options={(['im_to_bridge', 'im_to_oa', 'oa_to_im'] as const).map((m) => ({ value: m, label: t(`mode.${m}` as MessageKey) }))} />
              </Form.Item>
              <Form.Item name="permission" label={t('sc.f.permission')} rules={[{ required: true }]}>
                <Radio.Group options={(['read_only', 'read_write'] as const).map((p) => ({ value: p, label: t(`perm.${p}` as MessageKey) }))} />
              </Form.Item>
              <Form.Item name="topDepartmentID" label={t('sc.f.topDepartmentID')} extra={t('sc.f.topDepartmentHelp')} rules={[{ required: true, whitespace: true }]}>
                <Input />
              </Form.Item>
              {onOff('createUsers', 'sc.f.createUsers')}
              <Form.Item name="userIDField" label={t('sc.f.userIDField')} extra={t('sc.f.userIDFieldHelp')}>
                <Input placeholder="key / employee_no / mobile / email" />
              </Form.Item>
              {onOff('includePartTime', 'sc.f.includePartTime')}
              <Form.Item name="offboarding" label={t('sc.f.offboarding')}>
                <Radio.Group>
                  <Radio value="disable">{t('sc.f.offboarding.disable')}</Radio>
                  <Radio value="delete">{t('sc.f.offboarding.delete')}</Radio>
                </Radio.Group>
              </Form.Item>
              {offboarding === 'delete' && (
                <Alert type="warning" showIcon message={t('sc.f.offboarding.delete')} style={{ marginBottom: 16 }} />
              )}
              <Form.Item name="resourceAcceptor" label={t('sc.f.resourceAcceptor')} extra={t('sc.f.resourceAcceptorHelp')}>
                <Radio.Group data-testid="setting-acceptor" options={(['none', 'leader', 'user'] as const).map((a) => ({ value: a, label: t(`sc.f.resourceAcceptor.${a}` as MessageKey) }))} />
              </Form.Item>
              {resourceAcceptor === 'user' && (
                <Form.Item name="resourceAcceptorUserID" label={t('sc.f.resourceAcceptorUserID')} rules={[{ required: true, whitespace: true }]}>
                  <Input placeholder="user_id" data-testid="setting-acceptor-user" />
                </Form.Item>
              )}
              <Form.Item name="deleteAfterDays" label={t('sc.f.deleteAfterDays')} extra={t('sc.f.deleteAfterDaysHelp')}>
                <InputNumber min={0} max={3650} precision={0} style={{ width: 160 }} />
              </Form.Item>
              {onOff('moveDisabled', 'sc.f.moveDisabled')}
              {moveDisabled && (
                <Form.Item name="disabledDepartmentName" label={t('sc.f.disabledDepartmentName')} rules={[{ required: true, whitespace: true }]}>
                  <Input />
                </Form.Item>
              )}
              <Form.Item name="autoBindField" label={t('sc.f.autoBindField')} extra={t('sc.f.autoBindHelp')}>
                <Select
                  data-testid="setting-autobind"
                  options={AUTO_BIND.map((f) => ({
                    value: f,
                    label: f === 'none' ? t('sc.f.autoBind.none') : t(`workbench.field.${f.toUpperCase()}` as MessageKey),
                  }))}
                />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card title={t('sc.panel.scope')} data-testid="panel-scope">
              <Alert type="warning" showIcon message={t('sc.f.scopeWarning')} style={{ marginBottom: 16 }} data-testid="scope-warning" />
              <Form.Item name="scopeDepartments" label={t('sc.f.scopeDepartments')} extra={t('sc.f.scopeDepartmentsHelp')}>
                <Select mode="tags" tokenSeparators={[',', ' ']} />
              </Form.Item>
              <Form.Item name="scopeUsersInclude" label={t('sc.f.scopeUsersInclude')}>
                <Select mode="tags" tokenSeparators={[',', ' ']} />
              </Form.Item>
              <Form.Item name="scopeUsersExclude" label={t('sc.f.scopeUsersExclude')}>
                <Select mode="tags" tokenSeparators={[',', ' ']} data-testid="scope-exclude" />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card title={t('sc.panel.safety')} data-testid="panel-safety">
              <Form.Item name="thresholdCount" label={t('sc.f.thresholdCount')} extra={t('sc.f.thresholdCountHelp')}>
                <InputNumber min={0} precision={0} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="thresholdPercent" label={t('sc.f.thresholdPercent')}>
                <InputNumber min={0} max={100} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="oaToImSchedule" label={t('sc.f.oaToImSchedule')} extra={t('sc.f.scheduleHelp')}>
                <Input placeholder="0 2 * * *" />
              </Form.Item>
              <Form.Item name="imToOaSchedule" label={t('sc.f.imToOaSchedule')} extra={t('sc.f.scheduleHelp')}>
                <Input placeholder="@every 6h" />
              </Form.Item>
              {onOff('syncOnOaImport', 'sc.f.syncOnOaImport')}
            </Card>
          </Col>
        </Row>
        {canWrite && (
          <Button type="primary" htmlType="submit" style={{ marginTop: 16 }} data-testid="save-sync-settings">
            {t('sc.save')}
          </Button>
        )}
      </Form>
      <FieldMapCard profileId={profile.id} mapping={profile.fieldMapping} canWrite={canWrite} onSaved={() => refetch({ requestPolicy: 'network-only' })} />
    </>
  );
}
