import { useCallback, useState, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { PageContainer } from '@ant-design/pro-components';
import { Button, Col, Row, Segmented, Space, Switch, Tag } from 'antd';
import { CloudDownloadOutlined, LinkOutlined, UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import { nodes } from '../../api/cursorPages';
import { usePermission } from '../../auth/usePermission';
import { CorpsQuery } from '../integrations/operations';
import { TreeCard } from './TreeCard';
import { UsersTable } from './UsersTable';
import { CorpTitle } from './CorpTitle';
import { PullPanel } from './PullPanel';
import { usePull } from './usePull';
import type { Side } from './side';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

interface Selection {
  side: Side;
  department: string | null;
  name: string;
}

/**
 * The OA directory beside a corp's IM mirror: a department tree for each,
 * the pull from the IM with its live progress and recent runs, and below,
 * the people of the side and department picked in either tree.
 */
export function DirectoryPage() {
  const t = useT();
  const canSync = usePermission('sync:write');
  const canImport = usePermission('directory:write');
  const [corpsRes] = useQuery({ query: CorpsQuery, variables: { first: 50 } });
  const corps = nodes(corpsRes.data?.corps);
  const [corpId, setCorpId] = useState<string | null>(null);
  const corp = corps.find((c) => c.id === corpId) ?? corps.find((c) => c.platform === 'feishu') ?? corps[0] ?? null;
  const [sel, setSel] = useState<Selection>({ side: 'oa', department: null, name: '' });
  const [showRemoved, setShowRemoved] = useState(false);
  const [version, setVersion] = useState(0);
  const pull = usePull(corp?.id ?? null);
  const { finish } = pull;
  const onEnded = useCallback(
    (run: SyncRunFieldsFragment) => {
      finish(run);
      setVersion((v) => v + 1);
    },
    [finish],
  );

  // Department ids belong to one side; a selection cannot carry over.
  const pickSide = (side: Side) => setSel({ side, department: null, name: '' });
  const changeCorp = (id: string) => {
    setCorpId(id);
    if (sel.side !== 'oa') pickSide(id);
  };
  const select = (side: Side, department: string | null, name: string) => setSel({ side, department, name });
  const sideName = (side: Side) => (side === 'oa' ? t('directory.oa') : (corp?.name ?? ''));
  const platform = corp ? t(`platform.${corp.platform}` as MessageKey) : '';

  const tableTitle = (
    <Space data-testid="users-scope">
      {t('directory.users')}
      <Tag>{sideName(sel.side)}</Tag>
      {sel.department && (
        <Tag closable color="blue" onClose={() => pickSide(sel.side)}>
          {sel.name}
        </Tag>
      )}
    </Space>
  );
  const sideSwitch = corp && (
    <Segmented<Side>
      key="side"
      data-testid="directory-side"
      value={sel.side}
      onChange={pickSide}
      options={[
        { value: 'oa', label: t('directory.oa') },
        { value: corp.id, label: corp.name },
      ]}
    />
  );
  const tree = (side: Side, title: ReactNode) => (
    <TreeCard
      side={side}
      title={title}
      showRemoved={showRemoved}
      version={version}
      selected={sel.side === side ? sel.department : null}
      onSelect={select}
    />
  );

  const extra = (
    <Space>
      <Switch checked={showRemoved} onChange={setShowRemoved} data-testid="show-removed" />
      {t('directory.showRemoved')}
      {corp && (
        <Link to="/directory/bindings" data-testid="open-workbench">
          <Button icon={<LinkOutlined />}>{t('workbench.open')}</Button>
        </Link>
      )}
      {canImport && (
        <Link to="/directory/import" data-testid="open-import">
          <Button icon={<UploadOutlined />}>{t('import.open')}</Button>
        </Link>
      )}
      {corp && canSync && (
        <Button
          type="primary"
          icon={<CloudDownloadOutlined />}
          loading={pull.starting || pull.running}
          onClick={pull.start}
          data-testid="pull-directory"
        >
          {t('pull.button', { platform })}
        </Button>
      )}
    </Space>
  );
  const users = (
    <UsersTable
      side={sel.side}
      department={sel.department}
      showRemoved={showRemoved}
      version={version}
      title={tableTitle}
      toolbar={sideSwitch}
      platform={corp?.platform}
    />
  );

  // One tree whatever the corps query says: the users table and the OA tree
  // keep their place (and key) when the corps arrive, so they are not
  // unmounted and fetched a second time; only the layout around them changes.
  return (
    <PageContainer title={t('directory.title')} extra={extra}>
      <Row gutter={[16, 16]}>
        <Col key="oa" xs={24} {...(corp ? { lg: 12, xl: 8 } : { md: 7, xl: 6 })}>
          {tree('oa', corp ? t('directory.oa') : t('directory.departments'))}
        </Col>
        {corp && (
          <Col key="im" xs={24} lg={12} xl={8}>
            {tree(corp.id, <CorpTitle corps={corps} value={corp} onChange={changeCorp} />)}
          </Col>
        )}
        {corp && (
          <Col key="pull" xs={24} xl={8}>
            <PullPanel corpId={corp.id} platform={corp.platform} pull={pull} onEnded={onEnded} />
          </Col>
        )}
        <Col key="users" xs={24} {...(corp ? {} : { md: 17, xl: 18 })}>
          {users}
        </Col>
      </Row>
    </PageContainer>
  );
}
