import { Table } from 'antd';
import { useT } from '../../../i18n/I18nProvider';

export interface FileProblem {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

/** The problems of an uploaded file, each where the admin finds it. */
export function ProblemsTable(props: { problems: FileProblem[] }) {
  const t = useT();
  return (
    <Table<FileProblem>
      data-testid="import-problems"
      size="small"
      rowKey={(p, i) => `${p.sheet}-${p.row}-${p.column}-${i}`}
      dataSource={props.problems}
      pagination={props.problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 640 }}
      columns={[
        { title: t('import.sheet'), dataIndex: 'sheet', width: 100, render: (s: string) => s || '-' },
        { title: t('import.row'), dataIndex: 'row', width: 70, render: (r: number) => (r > 0 ? r : '-') },
        { title: t('import.column'), dataIndex: 'column', width: 120, render: (c: string) => c || '-' },
        { title: t('import.problem'), dataIndex: 'message' },
      ]}
    />
  );
}
