import { useEffect } from 'react';
import { App, AutoComplete, Button, Card, Form, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { useSubmit } from '../../api/useSubmit';
import { SetSyncFieldMappingMutation } from './engineOperations';

/** One row of 用户字段对应关系: an OA field, an IM field, a direction. */
interface Row {
  from: string;
  to: string;
  direction: string;
}

/** The standard fields; custom attributes are typed as attribute:<name> (Feishu: the attribute id, C-…). */
const FIELDS = ['name', 'mobile', 'email', 'employee_no', 'title', 'gender'];
const DIRECTIONS = ['both', 'oa_to_im', 'im_to_oa'];

/**
 * The profile's field mapping (用户字段对应关系, seed 003 §4.2.3 (1)): which OA
 * field becomes which Feishu field, each with its direction. Saved on its own
 * with setSyncFieldMapping, which names the row and the rule of a refused
 * entry. An empty list maps the standard fields both ways.
 */
export function FieldMapCard(props: { profileId: string; mapping: readonly Row[] | null | undefined; canWrite: boolean; onSaved: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ mapping: Row[] }>();
  useEffect(() => {
    form.setFieldsValue({ mapping: (props.mapping ?? []).map((r) => ({ from: r.from, to: r.to, direction: r.direction })) });
  }, [props.mapping, form]);

  const options = FIELDS.map((f) => ({ value: f, label: t(`sc.map.field.${f}` as MessageKey) }));
  // A standard field is picked; a custom attribute is typed as attribute:<name>.
  const fieldSelect = (testid: string) => <AutoComplete options={options} style={{ width: 200 }} data-testid={testid} placeholder="attribute:C-…" />;

  const save = async (v: { mapping: Row[] }) => {
    const mapping = (v.mapping ?? []).map((r) => ({ from: r.from.trim(), to: r.to.trim(), direction: r.direction }));
    if (await submit(SetSyncFieldMappingMutation, { profileID: props.profileId, mapping }, form)) {
      message.success(t('sc.saved'));
      props.onSaved();
    }
  };

  return (
    <Card title={t('sc.map.title')} style={{ marginTop: 16 }} data-testid="field-map">
      <Form form={form} onFinish={save} disabled={!props.canWrite}>
        <p>{t('sc.map.help')}</p>
        <Form.List name="mapping">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row, i) => (
                <Space key={row.key} align="baseline" wrap data-testid={`field-map-row-${i}`}>
                  <Form.Item name={[row.name, 'from']} label={t('sc.map.from')} rules={[{ required: true }]}>
                    {fieldSelect(`field-map-from-${i}`)}
                  </Form.Item>
                  <Form.Item name={[row.name, 'to']} label={t('sc.map.to')} rules={[{ required: true }]}>
                    {fieldSelect(`field-map-to-${i}`)}
                  </Form.Item>
                  <Form.Item name={[row.name, 'direction']} label={t('sc.map.direction')} rules={[{ required: true }]}>
                    <Select style={{ width: 160 }} options={DIRECTIONS.map((d) => ({ value: d, label: t(`sc.map.dir.${d}` as MessageKey) }))} />
                  </Form.Item>
                  {props.canWrite && <MinusCircleOutlined onClick={() => remove(row.name)} aria-label={t('sc.map.remove')} />}
                </Space>
              ))}
              {props.canWrite && (
                <Form.Item>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ from: 'gender', to: 'gender', direction: 'both' })} data-testid="field-map-add">
                    {t('sc.map.add')}
                  </Button>
                </Form.Item>
              )}
            </>
          )}
        </Form.List>
        {props.canWrite && (
          <Button type="primary" htmlType="submit" data-testid="save-field-map">
            {t('sc.map.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
