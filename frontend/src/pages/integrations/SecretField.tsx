import { useState } from 'react';
import { Button, Form, Input, Space, Tag } from 'antd';
import { useT } from '../../i18n/I18nProvider';

/**
 * A write-only secret. The server never returns secrets, only a short hint
 * when one is stored, so an existing secret shows as "set" and is sent only
 * if the admin chooses to replace it.
 */
export function SecretField(props: {
  name: string;
  label: string;
  /** Whether a value is stored (from the xxxSet field). */
  set?: boolean;
  /** A short hint of the stored value, if the server gives one. */
  hint?: string | null;
  /** Editing an existing object (vs creating). */
  editing: boolean;
  required?: boolean;
}) {
  const t = useT();
  const stored = props.editing && !!props.set;
  const [replacing, setReplacing] = useState(!stored);

  if (!replacing) {
    return (
      <Form.Item label={props.label}>
        <Space>
          <Tag color="green" data-testid={`${props.name}-set`}>
            {t('common.set')}
            {props.hint ? ` · ${props.hint}` : ''}
          </Tag>
          <Button size="small" onClick={() => setReplacing(true)}>
            {t('common.replace')}
          </Button>
        </Space>
      </Form.Item>
    );
  }
  return (
    <Form.Item
      name={props.name}
      label={props.label}
      extra={props.editing && !stored ? t('common.notSet') : undefined}
      rules={props.required && !props.editing ? [{ required: true }] : undefined}
    >
      <Input.Password autoComplete="new-password" />
    </Form.Item>
  );
}
