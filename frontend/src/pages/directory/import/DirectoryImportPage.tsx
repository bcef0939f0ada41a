import { useCallback, useState } from 'react';
import { useClient } from 'urql';
import { Link } from 'react-router';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Checkbox, Space, Table, Tabs, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../../../i18n/I18nProvider';
import { describe, appErrors } from '../../../api/errors';
import { usePermission } from '../../../auth/usePermission';
import { DirectoryFileTemplateQuery, DirectoryFilePreviewQuery, ImportDirectoryFileMutation } from './operations';
import { download, fileToBase64 } from './file';
import { ProblemsTable, type FileProblem } from './ProblemsTable';
import { ImportProgress } from './ImportProgress';
import type {
  DirectoryFileFormat,
  DirectoryFilePreviewQuery as PreviewData,
  SyncRunFieldsFragment,
} from '../../../gql/graphql';

type Preview = PreviewData['directoryFilePreview'];

interface Picked {
  name: string;
  content: string;
}

/**
 * Upload of the OA directory as XLSX or CSV (docs/oa-directory-file.md):
 * download the template, pick the filled file, see what the server read and
 * every problem by sheet, row and column, then import it. The server checks
 * the file with importDirectory's own rules and imports all or nothing;
 * 5,000 people or more run as a job whose progress is shown live.
 */
export function DirectoryImportPage() {
  const t = useT();
  const client = useClient();
  const { message } = App.useApp();
  const canWrite = usePermission('directory:write');
  const [file, setFile] = useState<Picked | null>(null);
  const [complete, setComplete] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problems, setProblems] = useState<FileProblem[]>([]);
  const [checking, setChecking] = useState(false);
  const [importing, setImporting] = useState(false);
  const [run, setRun] = useState<SyncRunFieldsFragment | null>(null);
  const [ended, setEnded] = useState(false);

  const template = async (format: DirectoryFileFormat) => {
    const res = await client.query(DirectoryFileTemplateQuery, { format }, { requestPolicy: 'network-only' }).toPromise();
    const tpl = res.data?.directoryFileTemplate;
    if (res.error || !tpl) {
      for (const e of res.error ? appErrors(res.error) : []) message.error(describe(e, t));
      return;
    }
    download(tpl.fileName, tpl.contentType, tpl.content);
  };

  const check = async (picked: Picked, whole: boolean) => {
    setChecking(true);
    setRun(null);
    setEnded(false);
    const res = await client
      .query(DirectoryFilePreviewQuery, { input: { fileName: picked.name, content: picked.content, complete: whole } }, { requestPolicy: 'network-only' })
      .toPromise();
    setChecking(false);
    if (res.error || !res.data) {
      setPreview(null);
      setProblems([]);
      for (const e of res.error ? appErrors(res.error) : []) message.error(describe(e, t));
      return;
    }
    setPreview(res.data.directoryFilePreview);
    setProblems(res.data.directoryFilePreview.problems);
  };

  const pick = async (f: File) => {
    const picked = { name: f.name, content: await fileToBase64(f) };
    setFile(picked);
    await check(picked, complete);
    return false;
  };

  const start = async () => {
    if (!file) return;
    setImporting(true);
    const res = await client
      .mutation(ImportDirectoryFileMutation, { input: { fileName: file.name, content: file.content, complete } })
      .toPromise();
    setImporting(false);
    const refused = res.error?.graphQLErrors.find((e) => Array.isArray(e.extensions?.problems));
    if (refused) {
      // Someone changed the directory since the preview: show what is wrong now.
      setProblems(refused.extensions.problems as FileProblem[]);
      return;
    }
    if (res.error || !res.data) {
      for (const e of res.error ? appErrors(res.error) : []) message.error(describe(e, t));
      return;
    }
    setRun(res.data.importDirectoryFile.run);
  };

  const onEnded = useCallback(() => setEnded(true), []);
  const statusLabel = (s: string) => {
    const key = `status.${s}` as MessageKey;
    return t(key) === key ? s : t(key);
  };
  const genderLabel = (g: string) => {
    const key = `import.gender.${g}` as MessageKey;
    return g === '' ? '-' : t(key) === key ? g : t(key);
  };
  const count = preview ? Math.max(preview.problemCount, problems.length) : problems.length;

  return (
    <PageContainer
      title={t('import.title')}
      onBack={() => history.back()}
      breadcrumb={{ items: [{ title: <Link to="/directory">{t('directory.title')}</Link> }, { title: t('import.title') }] }}
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={t('import.step1')} size="small">
          <Typography.Paragraph type="secondary">{t('import.templateHelp')}</Typography.Paragraph>
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={() => template('XLSX')} data-testid="template-xlsx">
              {t('import.templateXLSX')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => template('CSV')} data-testid="template-csv">
              {t('import.templateCSV')}
            </Button>
          </Space>
        </Card>

        <Card title={t('import.step2')} size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Upload.Dragger
              accept=".xlsx,.csv,.txt"
              multiple={false}
              showUploadList={false}
              beforeUpload={pick}
              disabled={!canWrite || checking || importing}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{file ? file.name : t('import.drop')}</p>
              <p className="ant-upload-hint">{t('import.dropHint')}</p>
            </Upload.Dragger>
            <Checkbox
              checked={complete}
              data-testid="import-complete"
              onChange={(e) => {
                setComplete(e.target.checked);
                if (file) void check(file, e.target.checked);
              }}
            >
              {t('import.complete')}
            </Checkbox>
          </Space>
        </Card>

        {(preview || problems.length > 0) && (
          <Card title={t('import.step3')} size="small" loading={checking}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {preview && (
                <Alert
                  data-testid="import-summary"
                  type={count > 0 ? 'error' : 'info'}
                  showIcon
                  message={
                    count > 0
                      ? t('import.hasProblems', { count })
                      : t('import.summary', {
                          departments: preview.departmentCount,
                          users: preview.userCount,
                          sheets: preview.sheets.join('、'),
                        })
                  }
                  description={count === 0 && preview.runsAsJob ? t('import.asJob') : undefined}
                />
              )}
              {preview && preview.ignoredColumns.length > 0 && (
                <Alert
                  data-testid="import-ignored-columns"
                  type="warning"
                  showIcon
                  message={t('import.ignoredColumns', {
                    columns: preview.ignoredColumns
                      .map((c) => {
                        const col = c.header
                          ? t('import.ignoredHeader', { column: c.column, header: c.header })
                          : t('import.ignoredNoHeader', { column: c.column });
                        return preview.sheets.length > 1 ? `${c.sheet} · ${col}` : col;
                      })
                      .join('、'),
                  })}
                />
              )}
              {problems.length > 0 && <ProblemsTable problems={problems} />}
              {preview && (preview.departmentCount > 0 || preview.userCount > 0) && (
                <Tabs
                  size="small"
                  items={[
                    {
                      key: 'users',
                      label: t('import.usersTab', { count: preview.userCount }),
                      children: (
                        <Table
                          size="small"
                          rowKey={(u) => `${u.sheet}-${u.row}`}
                          dataSource={preview.users}
                          pagination={false}
                          scroll={{ x: 900 }}
                          data-testid="import-users"
                          columns={[
                            { title: t('import.row'), dataIndex: 'row', width: 60 },
                            { title: '工号', dataIndex: 'externalID' },
                            { title: '姓名', dataIndex: 'name' },
                            { title: '手机号', dataIndex: 'mobile' },
                            { title: '邮箱', dataIndex: 'email' },
                            { title: '职位', dataIndex: 'title' },
                            {
                              title: t('import.departments'),
                              dataIndex: 'departments',
                              render: (d: string[] | null) => (d ? d.join(', ') || '-' : t('import.keepDepartments')),
                            },
                            { title: '状态', dataIndex: 'status', render: (s: string) => statusLabel(s) },
                            { title: '性别', dataIndex: 'gender', render: (g: string) => genderLabel(g) },
                            {
                              title: t('import.attributes'),
                              dataIndex: 'attributes',
                              render: (as: { name: string; value: string }[]) =>
                                as.length ? as.map((a) => `${a.name}: ${a.value}`).join('; ') : '-',
                            },
                          ]}
                        />
                      ),
                    },
                    {
                      key: 'departments',
                      label: t('import.departmentsTab', { count: preview.departmentCount }),
                      children: (
                        <Table
                          size="small"
                          rowKey={(d) => `${d.sheet}-${d.row}`}
                          dataSource={preview.departments}
                          pagination={false}
                          data-testid="import-departments"
                          columns={[
                            { title: t('import.row'), dataIndex: 'row', width: 60 },
                            { title: '部门编号', dataIndex: 'externalID' },
                            { title: '部门名称', dataIndex: 'name' },
                            { title: '上级部门编号', dataIndex: 'parentExternalID' },
                          ]}
                        />
                      ),
                    },
                  ]}
                />
              )}
              {preview && (preview.userCount > 20 || preview.departmentCount > 20) && (
                <Typography.Text type="secondary">{t('import.firstRows')}</Typography.Text>
              )}
              {canWrite && !run && (
                <Button
                  type="primary"
                  disabled={!preview || count > 0 || checking}
                  loading={importing}
                  onClick={start}
                  data-testid="import-start"
                >
                  {t('import.start')}
                </Button>
              )}
              {run && <ImportProgress run={run} onEnded={onEnded} />}
              {run && ended && (
                <Link to="/directory" data-testid="import-done">
                  {t('import.toDirectory')}
                </Link>
              )}
            </Space>
          </Card>
        )}
      </Space>
    </PageContainer>
  );
}
