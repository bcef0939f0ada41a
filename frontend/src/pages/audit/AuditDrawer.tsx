import { Descriptions, Drawer, Empty, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { actionText, diffRows, typeText } from './auditText';

export interface AuditRow {
  id: string;
  at: string;
  actorKind: string;
  actorName: string;
  action: string;
  targetType?: string | null;
  targetID?: string | null;
  summary?: string | null;
  success: boolean;
  ip?: string | null;
  before?: string | null;
  after?: string | null;
}

/** One event in full: who, what, on which object, and the object before and after. */
export function AuditDrawer(props: { row: AuditRow | null; targetName?: string; onClose: () => void }) {
  const t = useT();
  const r = props.row;
  const rows = r ? diffRows(r.before, r.after) : [];
  return (
    <Drawer
      open={!!r}
      onClose={props.onClose}
      title={t('audit.details')}
      width="min(720px, 100vw)"
      data-testid="audit-drawer"
      destroyOnHidden
    >
      {r && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('audit.at')}>{dayjs(r.at).format('YYYY-MM-DD HH:mm:ss')}</Descriptions.Item>
            <Descriptions.Item label={t('audit.actor')}>
              <Tag>{t(`actor.${r.actorKind}` as MessageKey)}</Tag>
              {r.actorName}
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.action')}>
              {actionText(t, r.action)} <Typography.Text type="secondary">({r.action})</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.target')}>
              {r.targetType ? `${typeText(t, r.targetType)} ${props.targetName ?? ''}` : '-'}
              {r.targetID && <Typography.Text type="secondary"> #{r.targetID}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.result')}>
              {r.success ? <Tag color="green">{t('audit.success')}</Tag> : <Tag color="red">{t('audit.failure')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.summary')}>
              <Typography.Text style={{ wordBreak: 'break-all' }}>{r.summary || '-'}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.ip')}>{r.ip || '-'}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('audit.changes')}
          </Typography.Title>
          {rows.length === 0 ? (
            <Empty description={t('audit.noChanges')} />
          ) : (
            <Table
              size="small"
              rowKey="field"
              pagination={false}
              dataSource={rows}
              data-testid="audit-diff"
              onRow={(row) => ({ 'data-changed': String(row.changed), style: row.changed ? { background: '#fffbe6' } : undefined }) as object}
              columns={[
                { title: t('audit.field'), dataIndex: 'field', width: '28%' },
                { title: t('audit.before'), dataIndex: 'before', render: (v: string) => <span style={{ wordBreak: 'break-all' }}>{v}</span> },
                { title: t('audit.after'), dataIndex: 'after', render: (v: string) => <span style={{ wordBreak: 'break-all' }}>{v}</span> },
              ]}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
