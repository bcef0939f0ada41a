import { Tooltip, Typography } from 'antd';
import { platformMessage } from '../api/errorText';
import { useT } from '../i18n/I18nProvider';

/**
 * A platform's refusal as main text in the console's language (by its
 * code), with the code, and the server's or platform's own words as a
 * tooltip; the server's words are the text only when the console has none.
 */
export function PlatformText(props: {
  code?: number | string | null;
  message?: string | null;
  platform?: string | null;
  /** Show the code after the text (false where a column shows it). */
  withCode?: boolean;
}) {
  const t = useT();
  const { text, detail } = platformMessage(t, props);
  if (!text && !props.code) return <>-</>;
  const line = (
    <span data-testid="platform-text" data-code={props.code ?? ''}>
      {text}
      {props.code && props.withCode !== false ? <Typography.Text type="secondary">{` (${props.code})`}</Typography.Text> : null}
    </span>
  );
  return detail ? <Tooltip title={`${t('verify.detail')}: ${detail}`}>{line}</Tooltip> : line;
}
