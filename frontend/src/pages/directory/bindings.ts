import type { BindingMethod } from '../../gql/graphql';

/** One binding as a row of either side sees it: the user on the other side. */
export interface RowBinding {
  id: string;
  method: BindingMethod;
  other: { id: string; name: string } | null | undefined;
}

interface WithBindings {
  oaBindings?: { id: string; method: BindingMethod; imUser?: { id: string; name: string } | null }[] | null;
  imBindings?: { id: string; method: BindingMethod; oaUser?: { id: string; name: string } | null }[] | null;
}

/** An OA user's bindings (to IM users) or an IM user's (to OA users). */
export function rowBindings(row: WithBindings): RowBinding[] {
  return [
    ...(row.oaBindings ?? []).map((b) => ({ id: b.id, method: b.method, other: b.imUser })),
    ...(row.imBindings ?? []).map((b) => ({ id: b.id, method: b.method, other: b.oaUser })),
  ];
}
