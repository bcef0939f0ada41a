import { useState } from 'react';
import { PageContainer } from '@ant-design/pro-components';
import { Card, Col, Row } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { DepartmentTree } from './DepartmentTree';
import { UsersTable } from './UsersTable';

/** The OA directory: department tree on the left, its people on the right. */
export function DirectoryPage() {
  const t = useT();
  const [department, setDepartment] = useState<string | null>(null);
  return (
    <PageContainer title={t('directory.title')} subTitle={t('directory.oa')}>
      <Row gutter={16}>
        <Col xs={24} md={7} xl={6}>
          <Card title={t('directory.departments')} size="small" styles={{ body: { maxHeight: '75vh', overflow: 'auto' } }}>
            <DepartmentTree selected={department} onSelect={setDepartment} />
          </Card>
        </Col>
        <Col xs={24} md={17} xl={18}>
          <UsersTable department={department} />
        </Col>
      </Row>
    </PageContainer>
  );
}
