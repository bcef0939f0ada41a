/** Which directory is shown: the OA's, or the mirror of one corp's IM directory (its id). */
export type Side = 'oa' | string;

/** The where-filter selecting one side (shared by departments and users). */
export function sideWhere(side: Side): { oaSide: true } | { corpID: string } {
  return side === 'oa' ? { oaSide: true } : { corpID: side };
}
