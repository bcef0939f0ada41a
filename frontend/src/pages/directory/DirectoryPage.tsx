import { useState } from 'react';
import { PageContainer } from '@ant-design/pro-components';
import { Card, Col, Row } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { DepartmentTree } from './DepartmentTree';
import { UsersTable } from './UsersTable';
import { SideSwitch } from './SideSwitch';
import type { Side } from './side';

/** A directory (the OA's, or a corp's IM mirror): department tree on the left, its people on the right. */
export function DirectoryPage() {
  const t = useT();
  const [side, setSide] = useState<Side>('oa');
  const [department, setDepartment] = useState<string | null>(null);
  const changeSide = (s: Side) => {
    // Department ids belong to one side; a selection cannot carry over.
    setDepartment(null);
    setSide(s);
  };
  return (
    <PageContainer title={t('directory.title')} extra={<SideSwitch value={side} onChange={changeSide} />}>
      <Row gutter={16}>
        <Col xs={24} md={7} xl={6}>
          <Card title={t('directory.departments')} size="small" styles={{ body: { maxHeight: '75vh', overflow: 'auto' } }}>
            <DepartmentTree side={side} selected={department} onSelect={setDepartment} />
          </Card>
        </Col>
        <Col xs={24} md={17} xl={18}>
          <UsersTable side={side} department={department} />
        </Col>
      </Row>
    </PageContainer>
  );
}
