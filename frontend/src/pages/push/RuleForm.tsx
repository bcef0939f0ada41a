import type { ReactElement } from 'react';
import {
  ModalForm,
  ProFormDependency,
  ProFormList,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { Alert, Form } from 'antd';
import { useQuery } from 'urql';
import { useSubmit } from '../../api/useSubmit';
import { nodes } from '../../api/cursorPages';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { CreatePushRuleMutation, PushAppsQuery, UpdatePushRuleMutation } from './operations';
import { TemplatePreview } from './TemplatePreview';
import type { PushTargetMessageType } from '../../gql/graphql';

export const MESSAGE_TYPES: PushTargetMessageType[] = ['text', 'post', 'todo', 'card', 'approval'];

interface TargetValues {
  /** The saved target's id (absent on a target added in this form). */
  id?: string;
  appID: string;
  messageType: PushTargetMessageType;
  quickApproval?: boolean;
  titleTemplate?: string;
  bodyTemplate?: string;
}

interface Values {
  name: string;
  source?: string;
  enabled: boolean;
  includePartTime: boolean;
  description?: string;
  targets: TargetValues[];
}

export interface ExistingRule {
  id: string;
  name: string;
  source?: string | null;
  enabled: boolean;
  includePartTime: boolean;
  description?: string | null;
  targets?:
    | {
        id: string;
        appID: string;
        messageType: PushTargetMessageType;
        quickApproval: boolean;
        titleTemplate?: string | null;
        bodyTemplate?: string | null;
      }[]
    | null;
}

/** The saved target a form row edits: a test sends its saved templates. */
function savedTarget(rule: ExistingRule | undefined, id: string | undefined) {
  return id ? rule?.targets?.find((x) => x.id === id) : undefined;
}

/** Create or edit a push rule with its targets (seed 003 §3.1). */
export function RuleForm(props: { rule?: ExistingRule; trigger: ReactElement; onDone: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const [form] = Form.useForm<Values>();
  const [apps] = useQuery({ query: PushAppsQuery });
  const appOptions = nodes(apps.data?.apps).map((a) => ({ value: a.id, label: `${a.corp.name} · ${a.name}` }));
  const { rule } = props;
  return (
    <ModalForm<Values>
      title={rule ? t('push.rule.edit') : t('push.rule.create')}
      trigger={props.trigger}
      form={form}
      name="pushRule"
      width={720}
      initialValues={
        rule
          ? {
              ...rule,
              source: rule.source ?? '',
              description: rule.description ?? '',
              targets: (rule.targets ?? []).map((x) => ({
                id: x.id,
                appID: x.appID,
                messageType: x.messageType,
                quickApproval: x.quickApproval,
                titleTemplate: x.titleTemplate ?? '',
                bodyTemplate: x.bodyTemplate ?? '',
              })),
            }
          : { enabled: true, includePartTime: true, targets: [{ messageType: 'text' }] }
      }
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const input = {
          name: v.name,
          source: v.source ?? '',
          enabled: v.enabled,
          includePartTime: v.includePartTime,
          description: v.description ?? '',
          targets: (v.targets ?? []).map((x) => ({
            appID: x.appID,
            messageType: x.messageType,
            quickApproval: x.messageType === 'todo' || x.messageType === 'approval' ? !!x.quickApproval : false,
            titleTemplate: x.titleTemplate ?? '',
            bodyTemplate: x.bodyTemplate ?? '',
          })),
        };
        const ok = rule
          ? await submit(UpdatePushRuleMutation, { id: rule.id, input }, form)
          : await submit(CreatePushRuleMutation, { input }, form);
        if (ok) props.onDone();
        return !!ok;
      }}
    >
      <ProFormText name="name" label={t('push.rule.name')} rules={[{ required: true }]} />
      <ProFormText name="source" label={t('push.rule.source')} tooltip={t('push.rule.sourceHelp')} placeholder={t('push.rule.sourceAll')} />
      <ProFormDependency name={['source']}>
        {({ source }) =>
          !source ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('push.rule.allWarning')} data-testid="all-warning" /> : null
        }
      </ProFormDependency>
      <ProFormSwitch name="enabled" label={t('push.rule.enabled')} />
      <ProFormSwitch name="includePartTime" label={t('push.rule.partTime')} />
      <ProFormList name="targets" label={t('push.targets')} creatorButtonProps={{ creatorButtonText: t('push.target.add') }} min={1}>
        <ProFormSelect name="appID" label={t('push.target.app')} options={appOptions} rules={[{ required: true }]} width="md" />
        <ProFormSelect
          name="messageType"
          label={t('push.target.type')}
          rules={[{ required: true }]}
          options={MESSAGE_TYPES.map((m) => ({ value: m, label: t(`push.type.${m}` as MessageKey) }))}
          width="sm"
        />
        <ProFormDependency name={['messageType']}>
          {({ messageType }) =>
            messageType === 'todo' || messageType === 'approval' ? (
              <>
                {messageType === 'approval' ? (
                  <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('push.target.approvalHelp')} data-testid="approval-help" />
                ) : null}
                <ProFormSwitch name="quickApproval" label={t('push.target.quickApproval')} tooltip={t('push.target.quickApprovalHelp')} />
              </>
            ) : null
          }
        </ProFormDependency>
        <ProFormText name="titleTemplate" label={t('push.target.titleTemplate')} tooltip={t('push.target.templateHelp')} />
        <ProFormTextArea name="bodyTemplate" label={t('push.target.bodyTemplate')} fieldProps={{ rows: 2 }} />
        <ProFormDependency name={['id', 'titleTemplate', 'bodyTemplate']}>
          {({ id, titleTemplate, bodyTemplate }) => (
            <TemplatePreview
              titleTemplate={titleTemplate}
              bodyTemplate={bodyTemplate}
              saved={savedTarget(rule, id)}
            />
          )}
        </ProFormDependency>
      </ProFormList>
      <ProFormTextArea name="description" label={t('push.rule.description')} fieldProps={{ rows: 2 }} />
    </ModalForm>
  );
}
