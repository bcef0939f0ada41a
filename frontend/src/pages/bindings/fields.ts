import type { BindingMatchField } from '../../gql/graphql';
import type { MessageKey } from '../../i18n/I18nProvider';

/** The match fields in the order the seed lists them (关联字段). */
export const MATCH_FIELDS: BindingMatchField[] = ['MOBILE', 'EMAIL', 'EMPLOYEE_NO', 'OA_USER_ID'];

export const fieldLabel = (f: BindingMatchField): MessageKey => `workbench.field.${f}` as MessageKey;
