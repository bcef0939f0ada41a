import { Typography } from 'antd';
import { useQuery } from 'urql';
import { useT } from '../../i18n/I18nProvider';
import { PushPreviewQuery } from './operations';

/** A target's templates rendered by the server with a sample message. */
export function TemplatePreview(props: { titleTemplate?: string; bodyTemplate?: string }) {
  const t = useT();
  const [res] = useQuery({
    query: PushPreviewQuery,
    variables: { titleTemplate: props.titleTemplate, bodyTemplate: props.bodyTemplate, title: '报销单 1024', content: '差旅报销 ¥1,280，请审批。' },
  });
  const p = res.data?.previewPushTemplate;
  if (!p) return null;
  return (
    <Typography.Paragraph type="secondary" data-testid="template-preview">
      {t('push.target.preview')}: <b>{p.title}</b> — {p.body}
    </Typography.Paragraph>
  );
}
