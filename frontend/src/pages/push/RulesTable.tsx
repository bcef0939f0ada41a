import { useRef } from 'react';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { Button, Space, Tag } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { type NodeOf } from '../../api/cursorPages';
import { useQueryFn } from '../../api/useQueryFn';
import { ListTable } from '../../components/ListTable';
import { ConfirmLink } from '../../components/ConfirmLink';
import { DeletePushRuleMutation, PushRulesQuery } from './operations';
import { RuleForm } from './RuleForm';
import type { PushRulesQuery as Data, PushRuleWhereInput } from '../../gql/graphql';

type Row = NodeOf<Data['pushRules']>;

/** The push rules with their targets; admins create, edit and delete them. */
export function RulesTable(props: { canWrite: boolean }) {
  const t = useT();
  const query = useQueryFn();
  const ref = useRef<ActionType>(null);
  const reload = () => ref.current?.reload();
  const columns: ProColumns<Row>[] = [
    { title: t('push.rule.name'), dataIndex: 'name', render: (_, r) => <span data-testid="push-rule-name">{r.name}</span> },
    {
      title: t('push.rule.source'),
      dataIndex: 'source',
      render: (_, r) => (r.source ? r.source : <Tag color="orange">{t('push.rule.sourceAll')}</Tag>),
    },
    {
      title: t('push.targets'),
      dataIndex: 'targets',
      search: false,
      render: (_, r) => (
        <Space wrap>
          {(r.targets ?? []).map((x) => (
            <Tag key={x.id} data-testid="push-target">
              {x.app.corp.name} · {x.app.name} · {t(`push.type.${x.messageType}` as MessageKey)}
              {x.quickApproval ? ` · ${t('push.target.quickApproval')}` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('push.rule.enabled'),
      dataIndex: 'enabled',
      search: false,
      render: (_, r) => (r.enabled ? <Tag color="green">✓</Tag> : <Tag>-</Tag>),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_, r) =>
        props.canWrite
          ? [
              <RuleForm key="edit" rule={r} trigger={<a>{t('common.edit')}</a>} onDone={reload} />,
              <ConfirmLink
                key="delete"
                title={t('push.rule.confirmDelete')}
                mutation={DeletePushRuleMutation}
                variables={{ id: r.id }}
                success={t('push.rule.deleted')}
                onDone={reload}
              >
                {t('common.delete')}
              </ConfirmLink>,
            ]
          : [],
    },
  ];
  return (
    <ListTable
      actionRef={ref}
      columns={columns}
      where={(p): PushRuleWhereInput => ({ nameContains: p.name || undefined, sourceContains: p.source || undefined })}
      fetch={async (vars) => (await query(PushRulesQuery, vars))?.pushRules}
      toolbar={
        props.canWrite ? (
          <RuleForm trigger={<Button type="primary" data-testid="create-push-rule">{t('push.rule.create')}</Button>} onDone={reload} />
        ) : undefined
      }
    />
  );
}
