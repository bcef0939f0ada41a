package plan

import "sort"

// ReviewKind says why something needs a person.
type ReviewKind string

// Review kinds.
const (
	// ReviewAmbiguous: several users share the auto-bind value on either
	// side; nothing is guessed (issue 8 item 3).
	ReviewAmbiguous ReviewKind = "ambiguous"
	// ReviewUnmatched: no target account and the profile does not create
	// users (新用户是否添加到飞书 off).
	ReviewUnmatched ReviewKind = "unmatched"
	// ReviewDepartmentUnresolved: the user's primary department has no
	// place in the target, so the user is not created or moved.
	ReviewDepartmentUnresolved ReviewKind = "department_unresolved"
	// ReviewDuplicateDepartment: sibling departments share a name.
	ReviewDuplicateDepartment ReviewKind = "duplicate_department"
	// ReviewUserIDEmpty / ReviewUserIDTaken: the UserIDField value of a
	// user to create is empty, or another account has it.
	ReviewUserIDEmpty ReviewKind = "user_id_empty"
	ReviewUserIDTaken ReviewKind = "user_id_taken"
	// ReviewTargetOutOfScope: the bound target account is outside what the
	// bridge can see; it is not written.
	ReviewTargetOutOfScope ReviewKind = "target_out_of_scope"
	// ReviewBoundTargetMissing: the binding names a target the target
	// directory does not list; no second account is created.
	ReviewBoundTargetMissing ReviewKind = "bound_target_missing"
	// ReviewSourceMissing: a bound department's source counterpart is
	// absent; absence is not removal, so it is kept.
	ReviewSourceMissing ReviewKind = "source_missing"
	// ReviewDepartmentNotEmpty: a department that should go still holds
	// users or sub-departments the sync does not remove; it is kept.
	ReviewDepartmentNotEmpty ReviewKind = "department_not_empty"
	// ReviewBindingIgnored: a department binding that cannot hold (the
	// bound department is the top department or above it).
	ReviewBindingIgnored ReviewKind = "binding_ignored"
	// ReviewOutsideContactRange: a department or user the plan would write
	// is outside the IM app's contact range (通讯录权限范围); it is left as
	// it is instead of failing on the platform (Feishu 40004 / 41050).
	ReviewOutsideContactRange ReviewKind = "outside_contact_range"
	// ReviewChangedSince: (undo) the target changed after the run, so that
	// value is not restored.
	ReviewChangedSince ReviewKind = "changed_since"
)

// ReviewItem is one thing the plan leaves to a person.
type ReviewItem struct {
	Kind   ReviewKind `json:"kind"`
	Source string     `json:"source,omitempty"` // source-side key
	Target string     `json:"target,omitempty"` // target-side key
	Name   string     `json:"name"`
	Field  Field      `json:"field,omitempty"`
	Value  string     `json:"value,omitempty"`
	// Candidates are the target keys an ambiguous user could be bound to.
	Candidates []string `json:"candidates,omitempty"`
	Text       string   `json:"text"`
}

func sortReview(r []ReviewItem) {
	sort.SliceStable(r, func(i, j int) bool {
		if r[i].Kind != r[j].Kind {
			return r[i].Kind < r[j].Kind
		}
		if r[i].Source != r[j].Source {
			return r[i].Source < r[j].Source
		}
		return r[i].Target < r[j].Target
	})
}
