import { Space } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { ConfirmLink } from '../../components/ConfirmLink';
import { UnbindMutation } from './bindingOperations';
import { BindModal } from './BindModal';
import type { RowBinding } from './bindings';

/** Bind (OA users only) and one Unbind per existing binding, each confirmed. */
export function BindingActions(props: {
  user: { id: string; name: string };
  oaSide: boolean;
  bindings: RowBinding[];
  onChanged: () => void;
}) {
  const t = useT();
  const many = props.bindings.length > 1;

  return (
    <Space size="small" wrap>
      {props.oaSide && (
        <BindModal user={props.user} onDone={props.onChanged} trigger={<a data-testid="bind-user">{t('bindings.bind')}</a>} />
      )}
      {props.bindings.map((b) => {
        const other = b.other?.name ?? '?';
        const [oa, im] = props.oaSide ? [props.user.name, other] : [other, props.user.name];
        return (
          <ConfirmLink
            key={b.id}
            title={t('bindings.confirmUnbind', { oa, im })}
            mutation={UnbindMutation}
            variables={{ id: b.id }}
            success={t('bindings.unbound')}
            onDone={props.onChanged}
            testId="unbind-user"
          >
            {many ? t('bindings.unbindNamed', { name: other }) : t('bindings.unbind')}
          </ConfirmLink>
        );
      })}
    </Space>
  );
}
