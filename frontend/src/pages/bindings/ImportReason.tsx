import { Tooltip } from 'antd';
import { useT, type MessageKey } from '../../i18n/I18nProvider';
import type { BindingMatchField, ImportBindingsMutation as Data } from '../../gql/graphql';
import { fieldLabel } from './fields';

type Row = Data['importBindings']['rows'][number];

/**
 * Why a row of a binding import ended as it did, in the console's language,
 * chosen by the row's reasonCode with the people and rows it names; the
 * server's English sentence is the tooltip, and the text only for a code
 * this console does not know (a newer server).
 */
export function ImportReason(props: { row: Row; field: BindingMatchField }) {
  const t = useT();
  const r = props.row;
  const person = (p?: { key: string; name: string } | null) => (p ? `${p.name} (${p.key})` : '');
  const key = `workbench.reason.${r.reasonCode}`;
  const text = t(key as MessageKey, {
    imUser: r.imUserKey,
    value: r.value,
    field: t(fieldLabel(props.field)),
    oaUser: r.oaUserName ? `${r.oaUserName} (${r.oaUserKey})` : '',
    row: r.earlierRow ?? '',
    holder: person(r.holder),
    n: r.candidates.length,
    candidates: r.candidates.map(person).join(t('workbench.reason.separator')),
  });
  const own = text !== key;
  return (
    <Tooltip title={own ? r.reason : undefined}>
      <span data-testid="row-reason" data-code={r.reasonCode}>
        {own ? text : r.reason}
      </span>
    </Tooltip>
  );
}
