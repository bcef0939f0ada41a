// Package orgsync is the org sync engine (issue 8; seed 003 §4 通讯录同步):
// fetch → plan → apply for the modes oa_to_im (Feishu follows the OA) and
// im_to_oa (the OA follows Feishu), with dry runs (模拟同步), the deletion
// brake's approvals, undo, the daily offboarding and small incremental
// runs.
//
//   - fetch (fetch.go) reads the bridge's OA directory and the corp's IM
//     mirror (refreshed from the platform first in oa_to_im, seed 003
//     §4.1 (3)) into plain plan.Input values;
//   - plan is the pure planner of package plan;
//   - store (store.go) keeps the plan as SyncChange and ReviewItem rows of
//     the run: a dry run stops there, a run the brake stops waits in
//     awaiting_approval, and an approval applies exactly those rows;
//   - apply (apply.go) executes the rows in dependency order, a bounded
//     number at a time, through a Target: the IM (IMTarget: the platform's
//     DirectoryWriter, the mirror kept in step) or the OA (OATarget: the
//     bridge's OA directory and a signed webhook per change). Each row moves
//     from pending to applied, failed or skipped once, in the same
//     transaction as the bridge's own record of the write, so a killed
//     worker resumes at the first pending row; platform writes carry an
//     idempotency key made of the run and the change's key (Feishu
//     client_token), so a write whose reply was lost is not made twice.
//
// The engine sees platforms only through platform.Directory and
// platform.DirectoryWriter; the job wiring (asynq tasks, progress) is in
// package worker.
package orgsync
