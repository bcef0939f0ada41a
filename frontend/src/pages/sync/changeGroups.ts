import type { SyncChangeAction, SyncChangeWhereInput } from '../../gql/graphql';

/**
 * The plan view's filters (issue 8 item 5): create, update with a field
 * diff, move, disable, delete, bind, ambiguous (the run's review items) and
 * out of scope (changes whose reason is left_scope).
 */
export const GROUPS = ['create', 'update', 'move', 'disable', 'delete', 'bind', 'ambiguous', 'outOfScope'] as const;
export type Group = (typeof GROUPS)[number] | 'all';

const ACTIONS: Record<Exclude<Group, 'all' | 'ambiguous' | 'outOfScope'>, SyncChangeAction[]> = {
  create: ['create_user', 'create_department'],
  update: ['update_user', 'update_department', 'restore_user', 'enable_user'],
  move: ['move_user', 'move_department'],
  disable: ['disable_user'],
  delete: ['delete_user', 'delete_department'],
  bind: ['bind_user', 'bind_department', 'unbind_user', 'unbind_department'],
};

/** The changes filter of a group (ambiguous is not a change: see the review items). */
export function groupWhere(g: Group): SyncChangeWhereInput {
  if (g === 'all' || g === 'ambiguous') return {};
  if (g === 'outOfScope') return { reasonCode: 'left_scope' };
  return { actionIn: ACTIONS[g] };
}

/** How many planned changes fall in a group, from the plan's counts by action. */
export function groupCount(g: Group, byAction: { kind: string; count: number }[], ambiguous: number): number | null {
  if (g === 'ambiguous') return ambiguous;
  if (g === 'all') return byAction.reduce((n, c) => n + c.count, 0);
  if (g === 'outOfScope') return null;
  return byAction.filter((c) => (ACTIONS[g] as string[]).includes(c.kind)).reduce((n, c) => n + c.count, 0);
}
