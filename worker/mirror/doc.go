// Package mirror pulls an IM directory into the bridge (seed 003 mode 1,
// 从飞书同步组织用户绑定关系): the department tree below the top department
// (read in one paged listing, written breadth-first), then the users of
// each department, upserted into the Corp's
// side of the Department and User tables. Moves and renames are applied;
// rows that disappeared are marked removed, never deleted, and only when the
// whole tree was read, so a partial read cannot empty a directory.
//
// The run is checkpointed: a worker killed mid-run resumes where the last
// checkpoint left off. Every row the run sees is stamped with the run's id
// (last_seen_run), which is what makes resuming and the final "what
// disappeared" step agree.
package mirror
