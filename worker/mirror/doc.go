// Package mirror pulls an IM directory into the bridge (seed 003 mode 1,
// 从飞书同步组织用户绑定关系): the top department itself (the root "0",
// named after the tenant, unless the sync profile names another), the
// department tree below it (read in one paged listing, written
// breadth-first), then the users of each of those departments, the top's
// own members included, upserted into the Corp's side of the Department and
// User tables. Moves and renames are applied.
//
// Nothing is deleted, and nothing is judged on absence alone: what a pull
// did not see is asked for (absent.go) and marked removed only when the
// platform says it is gone (deleted, resigned, unknown), or out of scope
// when it still exists outside the top department or outside the app's
// contact range; and only when the whole tree was read, so a partial read
// cannot empty a directory. One item the database refuses is recorded with
// its id and reason and the rest written (itemerror.go).
//
// The run is checkpointed: a worker killed mid-run resumes where the last
// checkpoint left off. Every row the run sees is stamped with the run's id
// (last_seen_run), which is what makes resuming and the final "what
// disappeared" step agree. Target applies single contact events the same
// way, reading on demand the departments an event needs (scope.go).
package mirror
