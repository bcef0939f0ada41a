import { useState } from 'react';
import { useQuery } from 'urql';
import { useNavigate } from 'react-router';
import { PageContainer } from '@ant-design/pro-components';
import { Col, Empty, Row } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { nodes } from '../../api/cursorPages';
import { usePermission } from '../../auth/usePermission';
import { CorpsQuery } from '../integrations/operations';
import { CorpTitle } from '../directory/CorpTitle';
import { ExportCard } from './ExportCard';
import { ImportCard } from './ImportCard';
import { UnbindAllCard } from './UnbindAllCard';
import { HistoryCard } from './HistoryCard';

/**
 * The binding workbench (绑定管理, seed 003 §4.2.4) of one corp: export the
 * mirror with a match column, import it filled in with a per-row report,
 * batch unbind, and the binding history from the audit log.
 */
export function BindingsPage() {
  const t = useT();
  const navigate = useNavigate();
  const canWrite = usePermission('directory:write');
  const [corpsRes] = useQuery({ query: CorpsQuery, variables: { first: 50 } });
  const corps = nodes(corpsRes.data?.corps);
  const [corpId, setCorpId] = useState<string | null>(null);
  const corp = corps.find((c) => c.id === corpId) ?? corps.find((c) => c.platform === 'feishu') ?? corps[0] ?? null;
  // Bumped after a change: the count and the history reload.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);

  return (
    <PageContainer
      title={t('workbench.title')}
      onBack={() => navigate('/directory')}
      extra={corp && corps.length > 0 ? <CorpTitle corps={corps} value={corp} onChange={setCorpId} /> : null}
    >
      {!corp ? (
        !corpsRes.fetching && <Empty description={t('workbench.noCorp')} />
      ) : (
        <Row gutter={[16, 16]} key={corp.id}>
          <Col xs={24} lg={8}>
            <ExportCard corpId={corp.id} />
          </Col>
          <Col xs={24} lg={16}>
            <ImportCard corpId={corp.id} canWrite={canWrite} onImported={changed} />
          </Col>
          <Col xs={24} lg={8}>
            <UnbindAllCard corpId={corp.id} corpName={corp.name} canWrite={canWrite} version={version} onDone={changed} />
          </Col>
          <Col xs={24} lg={16}>
            <HistoryCard corpId={corp.id} version={version} />
          </Col>
        </Row>
      )}
    </PageContainer>
  );
}
