// Package plan is the planning phase of the org sync engine (fetch → plan
// → apply, issue 8; seed 003 §4 通讯录同步): a pure function from plain Go
// values — both directories, the bindings, the sync profile, the previous
// run — to an ordered list of changes, each with its reason. It does no I/O
// and knows no platform, database or GraphQL; the engine fetches the
// Input, stores the Plan (a dry run, 模拟同步, stops there) and applies it.
//
// # Direction
//
// A plan turns a target directory into what a source directory says, so
// one planner serves both directions:
//
//	mode        source            target                    changes go
//	oa_to_im    OA directory      IM mirror                 to the IM through the platform
//	im_to_oa    IM mirror         the bridge's OA directory to the OA as signed webhooks
//
// im_to_bridge (the mirror) plans only auto-bindings. Bindings stay OA ↔ IM
// in the Input and are turned to face the plan's direction inside. Settings
// the seed words for the IM (create users 新用户是否添加到飞书, the user_id
// field, moving disabled users, read_only) apply when the IM is the target;
// scope applies to oa_to_im, since in im_to_oa the IM's own range is the
// scope.
//
// # Mounting and matching
//
// The profile's top department (顶级部门) is the IM department the OA tree is
// mounted under; the OA's top-level departments are matched against its
// children ("" or "0" = the IM root). Departments match top-down (seed
// §4.3.2.2): a department binding wins, then same level and same name under
// the matched parent, else the department is new. With no top department
// set, a top-level name the other side lacks stops the plan before anything
// is planned (*TopDepartmentMismatchError, the seed's 顶级部门无法匹配，同步
// 立刻中止) — unless the target has no departments at all (§4.3.2.1). With a
// top department, unmatched OA top-level departments are created under it
// (the seed's 其他部门 example).
//
// Users match by binding, then by the profile's auto-bind field (values are
// canonical already); one candidate on each side binds, several on either
// side go to review (never guessed), none means new. The accounts of
// people who left remain bound, so a rehired person — the same record
// active again, or a new record with the same auto-bind value — gets the
// same account back (re-enabled, or restored when it was deleted).
//
// # Safety rules
//
//   - Out of scope is not gone (DESIGN): only the source saying a person
//     resigned or was removed offboards them. In oa_to_im the profile's
//     scope removes bound users outside it, as the seed warns, with reason
//     left_scope (never "left the company") and the profile's offboarding
//     action — disable unless the profile says delete, since deleting an IM
//     account destroys its data (the seed itself recommends disabling). In
//     im_to_oa an out-of-scope IM user changes nothing in the OA.
//   - Absence is not removal: a binding whose source record is missing from
//     the source changes nothing and is listed for review.
//   - A blank source field does not clear the target's value.
//   - A department is deleted only when bound, removed or out of scope at
//     the source, and empty once the plan's other changes are applied.
//   - The brake (Plan.Brake) trips when the plan disables or deletes more
//     users than the threshold, or the source shrank by more than it since
//     the previous run; the plan is still complete, for approval.
//   - read_only refuses any plan that writes to the IM (*ReadOnlyError,
//     with counts of the refused writes). The error is the safe default:
//     a caller that forgets a flag cannot write.
//
// # Changes
//
// Plan.Changes come in dependency order: bindings (recorded in the bridge
// only), department renames, creates top-down and moves top-down; users
// restored or re-enabled, created, updated (a field diff, only of fields
// mapped in this direction), moved (memberships); then disables, deletes,
// and emptied departments bottom-up. Each Change has a stable Key (a hash
// of what it does, the basis of the apply's idempotency keys), target
// keys (provisional ones, "new:…", for what the plan creates), Before and
// After snapshots of what it touches, a Reason, and DependsOn. What the
// plan does not do and a person must see is in Plan.Review; Plan.Stats and
// Plan.Tree feed the console (the merged department tree of the seed:
// matched orange, new blue, a dot on bound departments).
//
// Two more entry points share the rules: Offboard plans the daily
// deletion of users disabled DeleteAfterDays ago, and Undo plans the
// reversal of a finished run from its applied changes.
package plan
