import { useCallback } from 'react';
import { useClient, type AnyVariables, type TypedDocumentNode } from 'urql';

/**
 * Imperative query for ProTable's `request`: always asks the network, since
 * the table itself is the cache. Errors are reported by the client's global
 * error handler; here they just yield undefined.
 */
export function useQueryFn() {
  const client = useClient();
  return useCallback(
    async <Data, Vars extends AnyVariables>(doc: TypedDocumentNode<Data, Vars>, variables: Vars) => {
      const res = await client.query(doc, variables, { requestPolicy: 'network-only' }).toPromise();
      return res.data;
    },
    [client],
  );
}
