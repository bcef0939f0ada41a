import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Select, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/I18nProvider';
import { useSubmit } from '../../api/useSubmit';
import { ImportBindingsMutation } from './operations';
import { MATCH_FIELDS, fieldLabel } from './fields';
import { formatOf, readBase64 } from './file';
import { ImportReport } from './ImportReport';
import type { BindingMatchField, ImportBindingsMutation as Data } from '../../gql/graphql';

type Report = Data['importBindings'];

/** Import of a filled export (关联导入), with its per-row report. */
export function ImportCard(props: { corpId: string; canWrite: boolean; onImported: () => void }) {
  const t = useT();
  const submit = useSubmit();
  const { message } = App.useApp();
  const [field, setField] = useState<BindingMatchField>('MOBILE');
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ report: Report; field: BindingMatchField } | null>(null);

  const run = async () => {
    const format = file ? formatOf(file.name) : null;
    if (!file || !format) {
      message.error(t('workbench.import.noFile'));
      return;
    }
    setBusy(true);
    try {
      const content = await readBase64(file);
      const data = await submit(ImportBindingsMutation, {
        input: { corpID: props.corpId, matchField: field, format, content, dryRun },
      });
      if (!data) return;
      setReport({ report: data.importBindings, field });
      if (data.importBindings.dryRun) message.info(t('workbench.import.previewed'));
      else {
        message.success(t('workbench.import.done', { n: data.importBindings.counts.bound }));
        props.onImported();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('workbench.import.title')} data-testid="binding-import">
      <Typography.Paragraph type="secondary">{t('workbench.import.help')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('workbench.matchField')}>
          <Select
            data-testid="import-field"
            value={field}
            onChange={setField}
            options={MATCH_FIELDS.map((f) => ({ value: f, label: t(fieldLabel(f)) }))}
          />
        </Form.Item>
        <Form.Item>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false; // read in the browser, sent through GraphQL
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="import-file">
              {t('workbench.import.file')}
            </Button>
          </Upload>
        </Form.Item>
        <Space>
          <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="import-dry-run">
            {t('workbench.import.dryRun')}
          </Checkbox>
          <Button
            type="primary"
            loading={busy}
            disabled={!props.canWrite || !file}
            onClick={run}
            data-testid="import-bindings"
          >
            {t('workbench.import.button')}
          </Button>
        </Space>
      </Form>
      {report && <ImportReport report={report.report} field={report.field} />}
    </Card>
  );
}
