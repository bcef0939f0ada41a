import { Alert, Button, List, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useT, type MessageKey } from '../../i18n/I18nProvider';

export interface Step {
  key: string;
  corp?: { id: string; name: string } | null;
  app?: { id: string; name: string } | null;
}

/** Where each step is done. */
function target(s: Step): string {
  switch (s.key) {
    case 'create_corp':
      return '/integrations';
    case 'pull_directory':
    case 'bind_users':
    case 'import_oa':
      return '/directory';
    default:
      return s.corp ? `/integrations/${s.corp.id}` : '/integrations';
  }
}

/** What to do next, most fundamental first, each with a button to where it is done. */
export function NextSteps(props: { steps: readonly Step[] }) {
  const t = useT();
  const navigate = useNavigate();
  if (props.steps.length === 0) {
    return <Alert type="success" showIcon message={t('overview.allSet')} data-testid="overview-all-set" />;
  }
  return (
    <List
      size="small"
      bordered
      header={<Typography.Text strong>{t('overview.nextSteps')}</Typography.Text>}
      dataSource={props.steps.map((s, i) => ({ ...s, i }))}
      renderItem={(s) => (
        <List.Item
          data-testid={`next-step-${s.key}`}
          actions={[
            <Button key="go" type={s.i === 0 ? 'primary' : 'default'} size="small" onClick={() => navigate(target(s))}>
              {t('overview.go')} <RightOutlined />
            </Button>,
          ]}
        >
          <List.Item.Meta
            title={t(`overview.step.${s.key}` as MessageKey, { corp: s.corp?.name ?? '', app: s.app?.name ?? '' })}
            description={t(`overview.stepHelp.${s.key}` as MessageKey)}
          />
        </List.Item>
      )}
    />
  );
}
