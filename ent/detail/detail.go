// Package detail holds the structured values stored in JSON columns (run
// counters and errors, capability checks). They are plain types so the
// generated ent code, the engines and GraphQL can all use them.
package detail

// Counters says what a directory run changed, by kind of change.
type Counters struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Moved     int `json:"moved"`
	Unchanged int `json:"unchanged"`
	Removed   int `json:"removed"`
	// OutOfScope counts rows that left the synced scope (moved outside the
	// top department or the app's contact range) but still exist.
	OutOfScope int `json:"outOfScope,omitempty"`
	Failed     int `json:"failed"`
	// OAUsers is, for an OA import, how many people (active or disabled)
	// the OA directory held after it: the basis of the next oa_to_im
	// run's shrink check (seed 003 §4.2.3 (3)). Nil on other runs and on
	// imports recorded before it was kept.
	OAUsers *int `json:"oaUsers,omitempty"`
	// OAUsersBefore is, for an OA import, how many people the OA held just
	// before it: the next oa_to_im run's brake compares the OA now with the
	// count before the first import since the previous applied run.
	OAUsersBefore *int `json:"oaUsersBefore,omitempty"`
}

// RunError is one item a run could not process.
type RunError struct {
	// Item names the offending object, e.g. "users[12] (external id E0012)".
	Item string `json:"item"`
	// Message says what is wrong.
	Message string `json:"message"`
	// Code is the platform's error code, if the platform refused it.
	Code string `json:"code,omitempty"`
	// Kind is the kind of the item ("user", "department"), when the run
	// knows it.
	Kind string `json:"kind,omitempty"`
	// ExternalID identifies the item in its source (Feishu's user_id or
	// department_id; the open_id of a user whose user_id the app may not
	// read), when it has one.
	ExternalID string `json:"externalId,omitempty"`
}

// Capability is the outcome of probing one capability of an app on its
// platform (app verification).
type Capability struct {
	// Name is credentials, contact_read, contact_user_id, contact_write,
	// message_send, or network (the platform was not reached at all).
	Name string `json:"name"`
	OK   bool   `json:"ok"`
	// Code and Message are the platform's refusal, when not OK.
	Code    int    `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// Class is what a failure means, so that the console can say what to
	// do: credentials, permission, out_of_range (the contact range),
	// network (the platform was not reached), or another
	// platform.ErrorClass name; empty when OK.
	Class string `json:"class,omitempty"`
	// Host and Cause describe a network failure: the host that was not
	// reached and the step that failed (dns, connect, tls, timeout, proxy).
	Host  string `json:"host,omitempty"`
	Cause string `json:"cause,omitempty"`
}

// FieldMap maps one OA user field to one IM user field in a direction (a
// sync profile's 用户字段对应关系, seed 003 §4.2.3). Fields are name,
// mobile, email, employee_no, title, gender or attribute:<name>; Direction
// is oa_to_im, im_to_oa or both.
type FieldMap struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Direction string `json:"direction"`
}

// FieldDiff is one changed value of a planned sync change.
type FieldDiff struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// PlanSummary is what a sync run planned (package worker/orgsync/plan's
// Stats, Brake and Tree), kept on the run for the console.
type PlanSummary struct {
	// Changes and Review count planned changes by action and review items
	// by kind.
	Changes []KindCount `json:"changes"`
	Review  []KindCount `json:"review"`
	// Departments count source departments by placement (bound, matched
	// by name, new) and target departments deleted.
	DepartmentsBound   int `json:"departmentsBound"`
	DepartmentsMatched int `json:"departmentsMatched"`
	DepartmentsNew     int `json:"departmentsNew"`
	DepartmentsDeleted int `json:"departmentsDeleted"`
	// Users count source users by outcome.
	UsersBound      int `json:"usersBound"`
	UsersMatched    int `json:"usersMatched"`
	UsersCreated    int `json:"usersCreated"`
	UsersAmbiguous  int `json:"usersAmbiguous"`
	UsersUnmatched  int `json:"usersUnmatched"`
	UsersOffboarded int `json:"usersOffboarded"`
	UsersLeftScope  int `json:"usersLeftScope"`
	// SourceUsers is how many source users the run syncs: the next run's
	// brake compares its own count with it.
	SourceUsers int `json:"sourceUsers"`
	TargetUsers int `json:"targetUsers"`
	// Brake is the deletion brake's verdict.
	Brake BrakeVerdict `json:"brake"`
	// Irreversible counts applied deletions an undo cannot reverse.
	Irreversible int `json:"irreversible"`
	// ChangedSince is set on a run applying a dry run's plan when the
	// directories changed since: the run holds the fresh plan and waits for
	// approval.
	ChangedSince *PlanDifference `json:"changedSince,omitempty"`
	// Tree is the merged department tree (seed 003 §4.3.2.2: matched
	// orange, new blue, a dot on bound departments).
	Tree []TreeNode `json:"tree,omitempty"`
}

// KindCount is a count of one kind.
type KindCount struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// BrakeVerdict is the deletion brake's verdict on a plan.
type BrakeVerdict struct {
	Tripped             bool   `json:"tripped"`
	Reason              string `json:"reason,omitempty"`
	Disable             int    `json:"disable"`
	Delete              int    `json:"delete"`
	LeftScope           int    `json:"leftScope"`
	TargetUsers         int    `json:"targetUsers"`
	SourceUsers         int    `json:"sourceUsers"`
	PreviousSourceUsers int    `json:"previousSourceUsers"`
	Decrease            int    `json:"decrease"`
}

// TreeNode is one department of a plan's merged tree.
type TreeNode struct {
	Key       string `json:"key"`
	ParentKey string `json:"parentKey"`
	Name      string `json:"name"`
	Source    string `json:"source,omitempty"`
	Depth     int    `json:"depth"`
	// Status is bound, matched, new, target_only or deleted.
	Status string `json:"status"`
	Bound  bool   `json:"bound"`
}

// PlanDifference is how a fresh plan differs from the dry run an "apply
// this plan" was asked for: changes only in the fresh plan (Added) and
// changes of the dry run no longer planned as they were (Removed).
type PlanDifference struct {
	Added   int `json:"added"`
	Removed int `json:"removed"`
}
