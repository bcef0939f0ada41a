import { Space, Tag, Typography } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import type { RowBinding } from './bindings';

/** The user(s) a row is bound to, each with how the binding was made. */
export function BindingTags(props: { bindings: RowBinding[] }) {
  const t = useT();
  if (props.bindings.length === 0) return <Typography.Text type="secondary">{t('bindings.none')}</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap>
      {props.bindings.map((b) => (
        <Tag key={b.id} color="green" icon={<LinkOutlined />} data-testid="binding-tag">
          {b.other?.name ?? '?'} · {t(`method.${b.method}` as MessageKey)}
        </Tag>
      ))}
    </Space>
  );
}
