import type { ReactNode } from 'react';
import type { AnyVariables, OperationContext, TypedDocumentNode } from 'urql';
import { App, Popconfirm } from 'antd';
import { useSubmit } from '../api/useSubmit';

/**
 * A link that asks first, then runs a mutation: errors go through the usual
 * error mapping; on success it shows `success` (or what it makes of the
 * mutation's answer, e.g. a count) and calls `onDone`.
 */
export function ConfirmLink<Data, Vars extends AnyVariables>(props: {
  title: ReactNode;
  mutation: TypedDocumentNode<Data, Vars>;
  variables: Vars;
  success: string | ((data: Data) => string);
  onDone: (data: Data) => void;
  children: ReactNode;
  testId?: string;
  /** The operation's context (e.g. ALL_TENANTS). */
  context?: Partial<OperationContext>;
}) {
  const submit = useSubmit();
  const { message } = App.useApp();
  return (
    <Popconfirm
      title={props.title}
      onConfirm={async () => {
        const data = await submit(props.mutation, props.variables, undefined, undefined, props.context);
        if (data) {
          message.success(typeof props.success === 'function' ? props.success(data) : props.success);
          props.onDone(data);
        }
      }}
    >
      <a data-testid={props.testId}>{props.children}</a>
    </Popconfirm>
  );
}
