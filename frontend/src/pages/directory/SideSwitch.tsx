import { useQuery } from 'urql';
import { Segmented } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { nodes } from '../../api/cursorPages';
import { CorpsQuery } from '../integrations/operations';
import type { Side } from './side';

/** OA directory or one corp's IM mirror; hidden while the tenant has no corps. */
export function SideSwitch(props: { value: Side; onChange: (side: Side) => void }) {
  const t = useT();
  const [res] = useQuery({ query: CorpsQuery, variables: { first: 20 } });
  const corps = nodes(res.data?.corps);
  if (corps.length === 0) return null;
  return (
    <Segmented<Side>
      data-testid="directory-side"
      value={props.value}
      onChange={props.onChange}
      options={[{ value: 'oa', label: t('directory.oa') }, ...corps.map((c) => ({ value: c.id, label: c.name }))]}
    />
  );
}
