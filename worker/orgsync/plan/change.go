package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// Action is what a change does. Every action except the bind/unbind ones
// writes to the target directory (the IM in oa_to_im, the OA in im_to_oa);
// bind/unbind are recorded in the bridge only. The apply keeps bindings in
// step with the writes: a create binds what it creates (method created), a
// bind replaces any binding either key had, and a delete_department drops
// the department's binding (a deleted user keeps hers, so a rehire finds
// the account).
type Action string

// Actions, in the order a plan applies them (see order.go).
const (
	ActionUnbindUser       Action = "unbind_user"
	ActionUnbindDepartment Action = "unbind_department"
	ActionBindDepartment   Action = "bind_department"
	ActionUpdateDepartment Action = "update_department" // name, order
	ActionCreateDepartment Action = "create_department"
	ActionMoveDepartment   Action = "move_department" // new parent
	ActionBindUser         Action = "bind_user"
	ActionRestoreUser      Action = "restore_user" // a resigned/deleted account back (Feishu resurrect)
	ActionEnableUser       Action = "enable_user"
	ActionCreateUser       Action = "create_user"
	ActionUpdateUser       Action = "update_user" // mapped fields
	ActionMoveUser         Action = "move_user"   // memberships
	ActionDisableUser      Action = "disable_user"
	ActionDeleteUser       Action = "delete_user"
	ActionDeleteDepartment Action = "delete_department"
)

// Writes says whether the action writes to the target directory.
func (a Action) Writes() bool {
	switch a {
	case ActionBindUser, ActionUnbindUser, ActionBindDepartment, ActionUnbindDepartment:
		return false
	}
	return true
}

// OnDepartment says whether the action's target is a department.
func (a Action) OnDepartment() bool {
	switch a {
	case ActionBindDepartment, ActionUnbindDepartment, ActionCreateDepartment, ActionUpdateDepartment,
		ActionMoveDepartment, ActionDeleteDepartment:
		return true
	}
	return false
}

// ProvisionalPrefix starts the target key of something a plan creates: the
// apply replaces it with the key the target assigns, in this change and in
// every later change that names it. Real target keys never start with it
// (Plan rejects a target directory holding one).
const ProvisionalPrefix = "new:"

// IsProvisional says whether key names something the plan creates.
func IsProvisional(key string) bool { return strings.HasPrefix(key, ProvisionalPrefix) }

// provisionalDept and provisionalUser key what a plan creates from a
// source department or user; the kinds differ so the keys never collide.
func provisionalDept(sourceKey string) string { return ProvisionalPrefix + "dept:" + sourceKey }
func provisionalUser(sourceKey string) string { return ProvisionalPrefix + "user:" + sourceKey }

// disabledDepartmentKey is the provisional key of the disabled-users
// department when the plan creates it.
const disabledDepartmentKey = ProvisionalPrefix + "disabled"

// Snapshot is the part of a target entity a change reads or writes. Only
// what the change touches is set: a rename carries Name, a move ParentKey,
// an update the changed Fields, a move_user the memberships. Department and
// membership keys are target keys ("" = the root).
type Snapshot struct {
	Name                string           `json:"name,omitempty"`
	ParentKey           string           `json:"parent_key,omitempty"`
	Order               int              `json:"order,omitempty"`
	State               UserState        `json:"state,omitempty"`
	Fields              map[Field]string `json:"fields,omitempty"`
	PrimaryDepartment   string           `json:"primary_department,omitempty"`
	PartTimeDepartments []string         `json:"part_time_departments,omitempty"`
}

// FieldDiff is one changed value for the console's diff view. Field is a
// user Field, or for departments "name", "order", "parent"; memberships
// show as "primary_department" and "part_time_departments" (keys joined
// with ",").
type FieldDiff struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Change is one step of a plan.
type Change struct {
	// Key is stable: derived from the action, both keys and the After
	// snapshot, so planning the same thing twice yields the same key. The
	// apply derives idempotency keys (Feishu client_token) from the run and
	// this key.
	Key    string `json:"key"`
	Action Action `json:"action"`
	// Source is the source-side key the change comes from ("" for the
	// disabled-users department, which has no source).
	Source string `json:"source,omitempty"`
	// Target is the target-side key the change writes; for creates a
	// provisional key (see ProvisionalPrefix), or for users created under
	// UserIDField the user_id they will have.
	Target string `json:"target"`
	// Name is a display name (the person's or department's name).
	Name   string      `json:"name"`
	Before *Snapshot   `json:"before,omitempty"`
	After  *Snapshot   `json:"after,omitempty"`
	Diff   []FieldDiff `json:"diff,omitempty"`
	Reason Reason      `json:"reason"`
	// DependsOn are keys of earlier changes this one needs (a parent's
	// create, the users leaving a department before it is deleted…). When
	// one of them fails, this one is not attempted.
	DependsOn []string `json:"depends_on,omitempty"`
	// Method is how a bind_user/bind_department binds; a create_* change
	// binds what it creates with method created.
	Method BindMethod `json:"method,omitempty"`
}

// newChange fills in Diff and Key; the caller sets DependsOn afterwards
// (dependencies are not part of the key).
func newChange(c Change) *Change {
	c.Diff = diffOf(c.Action, c.Before, c.After)
	c.Key = changeKey(c.Action, c.Source, c.Target, c.Method, c.After)
	return &c
}

// changeKey hashes what a change does. json.Marshal sorts map keys, so the
// hash is deterministic.
func changeKey(a Action, source, target string, m BindMethod, after *Snapshot) string {
	h := sha256.New()
	for _, s := range []string{string(a), source, target, string(m)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	if after != nil {
		b, _ := json.Marshal(after) // plain struct: cannot fail
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// diffOf lists what changes between two snapshots of one change.
func diffOf(a Action, before, after *Snapshot) []FieldDiff {
	if after == nil {
		return nil
	}
	if before == nil {
		before = &Snapshot{}
	}
	var d []FieldDiff
	add := func(field, b, a string) {
		if b != a {
			d = append(d, FieldDiff{Field: field, Before: b, After: a})
		}
	}
	switch a {
	case ActionUpdateDepartment:
		add("name", before.Name, after.Name)
		add("order", strconv.Itoa(before.Order), strconv.Itoa(after.Order))
	case ActionMoveDepartment:
		add("parent", before.ParentKey, after.ParentKey)
	case ActionUpdateUser, ActionCreateUser:
		fields := make([]string, 0, len(after.Fields))
		for f := range after.Fields {
			fields = append(fields, string(f))
		}
		sort.Strings(fields)
		for _, f := range fields {
			add(f, before.Fields[Field(f)], after.Fields[Field(f)])
		}
	case ActionMoveUser:
		add("primary_department", before.PrimaryDepartment, after.PrimaryDepartment)
		add("part_time_departments", strings.Join(before.PartTimeDepartments, ","), strings.Join(after.PartTimeDepartments, ","))
	case ActionEnableUser, ActionRestoreUser, ActionDisableUser:
		add("state", string(before.State), string(after.State))
	}
	return d
}
