import { Form, Input, Space, Tag, Typography } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';

const EXAMPLES: [string, MessageKey][] = [
  ['0 */6 * * *', 'profile.cron.every6h'],
  ['30 2 * * *', 'profile.cron.daily'],
  ['0 8 * * 1-5', 'profile.cron.workdays'],
  ['@every 1h', 'profile.cron.hourly'],
];

/**
 * The pull schedule (cron, 5 fields, or @every): examples fill the field on
 * click; the server validates it, and its BAD_USER_INPUT lands under the field.
 */
export function ScheduleField() {
  const t = useT();
  const form = Form.useFormInstance();
  const examples = (
    <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
      <Typography.Text type="secondary">{t('profile.scheduleExtra')}</Typography.Text>
      {EXAMPLES.map(([cron, label]) => (
        <Tag
          key={cron}
          style={{ cursor: 'pointer' }}
          onClick={() => form.setFields([{ name: 'schedule', value: cron, errors: [] }])}
        >
          <code>{cron}</code> {t(label)}
        </Tag>
      ))}
    </Space>
  );
  return (
    <Form.Item
      name="schedule"
      label={t('profile.schedule')}
      tooltip={t('profile.scheduleHelp')}
      extra={examples}
      style={{ marginBottom: 32 }}
    >
      <Input allowClear placeholder={t('profile.schedulePlaceholder')} />
    </Form.Item>
  );
}
