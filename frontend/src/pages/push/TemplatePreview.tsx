import { useState } from 'react';
import { Alert, Button, Space, Tooltip, Typography } from 'antd';
import { useMutation, useQuery } from 'urql';
import { appErrors, describe } from '../../api/errors';
import { useT } from '../../i18n/I18nProvider';
import { PushPreviewQuery, SendPushTestMutation } from './operations';

/** A saved target: its id and the templates a test sends. */
export interface SavedTarget {
  id: string;
  titleTemplate?: string | null;
  bodyTemplate?: string | null;
}

/**
 * A target's templates rendered by the server with its sample message, and
 * "send a test to myself": the saved target's templates with the same
 * sample, to the admin's own IM account (sendPushTest).
 */
export function TemplatePreview(props: { titleTemplate?: string; bodyTemplate?: string; saved?: SavedTarget }) {
  const t = useT();
  const [res] = useQuery({
    query: PushPreviewQuery,
    variables: { titleTemplate: props.titleTemplate, bodyTemplate: props.bodyTemplate },
  });
  const p = res.data?.previewPushTemplate;
  if (!p) return null;
  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" data-testid="template-preview">
        {t('push.target.preview')}: <b>{p.title}</b> — {p.body}
      </Typography.Paragraph>
      <SendTest {...props} />
    </div>
  );
}

function SendTest(props: { titleTemplate?: string; bodyTemplate?: string; saved?: SavedTarget }) {
  const t = useT();
  const [state, send] = useMutation(SendPushTestMutation);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const { saved } = props;
  // The test sends what is saved: say so when the form differs.
  const changed =
    !!saved && ((props.titleTemplate ?? '') !== (saved.titleTemplate ?? '') || (props.bodyTemplate ?? '') !== (saved.bodyTemplate ?? ''));
  const button = (
    <Button
      size="small"
      data-testid="push-test-send"
      disabled={!saved}
      loading={state.fetching}
      onClick={async () => {
        if (!saved) return;
        setOutcome(undefined);
        const r = await send({ targetID: saved.id });
        if (r.error) setOutcome({ ok: false, text: appErrors(r.error).map((e) => describe(e, t)).join('; ') });
        else if (r.data) setOutcome({ ok: true, text: t('push.test.sent', { id: r.data.sendPushTest.platformMessageID }) });
      }}
    >
      {t('push.test.send')}
    </Button>
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Tooltip title={saved ? t('push.test.help') : t('push.test.unsaved')}>{button}</Tooltip>
      {changed ? <Typography.Text type="warning">{t('push.test.changed')}</Typography.Text> : null}
      {outcome ? (
        <Alert type={outcome.ok ? 'success' : 'error'} showIcon message={outcome.text} data-testid={outcome.ok ? 'push-test-sent' : 'push-test-error'} />
      ) : null}
    </Space>
  );
}
