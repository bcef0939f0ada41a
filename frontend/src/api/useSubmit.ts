import { useCallback } from 'react';
import { useClient, type AnyVariables, type OperationContext, type TypedDocumentNode } from 'urql';
import { App, type FormInstance } from 'antd';
import { applyFieldErrors, describe, type ErrorCode } from './errors';
import { useT, type MessageKey } from '../i18n/I18nProvider';

/**
 * Runs a mutation for a form or a button. Field errors (BAD_USER_INPUT with
 * extensions.field) land on the form's fields; everything else becomes an
 * antd message. Resolves to the data, or undefined on error, so callers can
 * write `if (await submit(...)) close()`. `explain` replaces the generic
 * title of an error code with a message for this action (the server's
 * detail is kept), e.g. CONFLICT → "already bound".
 */
export function useSubmit() {
  const client = useClient();
  const { message } = App.useApp();
  const t = useT();

  return useCallback(
    async <Data, Vars extends AnyVariables>(
      doc: TypedDocumentNode<Data, Vars>,
      variables: Vars,
      form?: FormInstance,
      explain?: Partial<Record<ErrorCode, MessageKey>>,
      context?: Partial<OperationContext>,
    ): Promise<Data | undefined> => {
      const res = await client.mutation(doc, variables, context).toPromise();
      if (res.error) {
        for (const e of applyFieldErrors(res.error, form, t)) {
          // The action's own words for a code; otherwise errorText's (by
          // reason, platform code, code; the server's message as fallback).
          const own = explain?.[e.code as ErrorCode];
          message.error(own ? t(own) : describe(e, t));
        }
        return undefined;
      }
      return res.data ?? undefined;
    },
    [client, message, t],
  );
}
