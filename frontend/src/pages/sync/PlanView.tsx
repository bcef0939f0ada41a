import type { ReactNode } from 'react';
import { Alert, Card, Col, Row, Space, Statistic, Tag } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { PlanTree } from './PlanTree';
import { ChangesTable } from './ChangesTable';
import { RUN_COLOR } from './runState';
import type { PlanFieldsFragment } from '../../gql/graphql';

const SUMMARY = [
  'sourceUsers',
  'targetUsers',
  'usersBound',
  'usersMatched',
  'usersCreated',
  'usersAmbiguous',
  'usersUnmatched',
  'usersOffboarded',
  'usersLeftScope',
] as const;

/**
 * A run's plan (模拟同步's result, or what an applied run did): the
 * counts, the deletion brake's verdict, the merged department tree and the
 * changes; `actions` are the buttons that fit the run (apply, approve, undo).
 */
export function PlanView(props: {
  run: PlanFieldsFragment;
  actions?: ReactNode;
  /** The corp's platform: failures are worded by its codes (they overlap between platforms). */
  platform?: string;
}) {
  const t = useT();
  const { run } = props;
  const plan = run.plan;
  const applied = !run.dryRun && run.status !== 'awaiting_approval';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="plan-view">
      <Card
        size="small"
        title={
          <Space>
            {t('sc.planOf', { id: run.id })}
            <Tag color={RUN_COLOR[run.status]} data-testid="plan-status">
              {t(`run.${run.status}` as MessageKey)}
            </Tag>
            {run.dryRun && <Tag color="blue">{t('sync.dryRun')}</Tag>}
            {run.corp && <Tag>{run.corp.name}</Tag>}
          </Space>
        }
        extra={props.actions}
      >
        {!plan ? (
          <Alert type="info" showIcon message={run.error ?? t('sc.planRunning')} />
        ) : (
          <>
            <Row gutter={[16, 8]}>
              {SUMMARY.map((k) => (
                <Col key={k} xs={12} md={8} xl={4}>
                  <Statistic title={t(`sc.summary.${k}` as MessageKey)} value={plan[k]} valueStyle={{ fontSize: 20 }} />
                </Col>
              ))}
            </Row>
            {plan.changedSince && (
              <Alert
                style={{ marginTop: 12 }}
                type="warning"
                showIcon
                message={t('sc.changedSince', { added: plan.changedSince.added, removed: plan.changedSince.removed })}
              />
            )}
            <Alert
              style={{ marginTop: 12 }}
              data-testid="brake"
              type={plan.brake.tripped ? 'error' : 'success'}
              showIcon
              message={
                plan.brake.tripped
                  ? t('sc.brake.tripped', { reason: plan.brake.reason ?? '' })
                  : t('sc.brake.ok', { disable: plan.brake.disable, delete: plan.brake.delete, leftScope: plan.brake.leftScope })
              }
            />
            {plan.irreversible > 0 && (
              <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('sc.irreversible', { n: plan.irreversible })} />
            )}
          </>
        )}
      </Card>
      {plan && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('sc.tree')}>
              <PlanTree nodes={plan.tree ?? []} />
            </Card>
          </Col>
          <Col xs={24} xl={16}>
            <Card size="small" title={t('sc.users')}>
              <ChangesTable runId={run.id} byAction={plan.changes} ambiguous={plan.usersAmbiguous} results={applied} platform={props.platform} />
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
