import { useState } from 'react';
import { App, Button, Card, Form, Radio, Select, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useClient } from 'urql';
import { useT } from '../../i18n/I18nProvider';
import { BindingExportQuery } from './operations';
import { MATCH_FIELDS, fieldLabel } from './fields';
import { download } from './file';
import type { BindingFileFormat, BindingMatchField } from '../../gql/graphql';

/** Export of the corp's mirror with its bindings and an empty match column. */
export function ExportCard(props: { corpId: string }) {
  const t = useT();
  const client = useClient();
  const { message } = App.useApp();
  const [field, setField] = useState<BindingMatchField>('MOBILE');
  const [format, setFormat] = useState<BindingFileFormat>('XLSX');
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const res = await client
        .query(BindingExportQuery, { corpID: props.corpId, matchField: field, format }, { requestPolicy: 'network-only' })
        .toPromise();
      const f = res.data?.bindingExport;
      if (!f) return; // errors are shown by the client's global handler
      download(f.fileName, f.contentType, f.contentBase64);
      message.success(t('workbench.export.done', { rows: f.rows }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('workbench.export.title')} data-testid="binding-export">
      <Typography.Paragraph type="secondary">{t('workbench.export.help')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('workbench.matchField')}>
          <Select
            data-testid="export-field"
            value={field}
            onChange={setField}
            options={MATCH_FIELDS.map((f) => ({ value: f, label: t(fieldLabel(f)) }))}
          />
        </Form.Item>
        <Form.Item label={t('workbench.export.format')}>
          <Radio.Group
            data-testid="export-format"
            value={format}
            onChange={(e) => setFormat(e.target.value)}
            options={[
              { value: 'XLSX', label: 'Excel (.xlsx)' },
              { value: 'CSV', label: 'CSV' },
            ]}
          />
        </Form.Item>
        <Button type="primary" icon={<DownloadOutlined />} loading={busy} onClick={run} data-testid="export-bindings">
          {t('workbench.export.button')}
        </Button>
      </Form>
    </Card>
  );
}
