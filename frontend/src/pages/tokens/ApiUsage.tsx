import { Descriptions, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';

/**
 * How to call the API with a token: the endpoint, the header, an example
 * request, and the GraphiQL page (served by the server at /graphiql).
 */
export function ApiUsage(props: { token: string }) {
  const t = useT();
  const endpoint = `${location.origin}/query`;
  const curl = `curl -X POST ${endpoint} \\\n  -H 'Authorization: Bearer ${props.token}' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"query":"{ viewer { name permissions } }"}'`;
  return (
    <div data-testid="api-usage">
      <Typography.Title level={5}>{t('tokens.howToCall')}</Typography.Title>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('tokens.endpoint')}>
          <Typography.Text code copyable>
            {endpoint}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('tokens.header')}>
          <Typography.Text code copyable={{ text: `Authorization: Bearer ${props.token}` }} style={{ wordBreak: 'break-all' }}>
            Authorization: Bearer {props.token.slice(0, 12)}…
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="GraphiQL">
          <a href="/graphiql" target="_blank" rel="noreferrer" data-testid="graphiql-link">
            {location.origin}/graphiql
          </a>
          <div>
            <Typography.Text type="secondary">{t('tokens.graphiqlHelp')}</Typography.Text>
          </div>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph style={{ marginTop: 12 }}>{t('tokens.example')}</Typography.Paragraph>
      <Typography.Paragraph code copyable={{ text: curl }} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {curl}
      </Typography.Paragraph>
    </div>
  );
}
