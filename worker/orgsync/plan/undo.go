package plan

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Undo plans the reversal of a finished run (issue 8 item 8) from the
// changes it applied, against the directories as they are now (in: the
// same profile, fresh directories and bindings).
//
// applied are the changes that succeeded, in the order they were applied,
// with every provisional key replaced by the key the target assigned (in
// Target, After.ParentKey and memberships). What is reversed:
//   - updates and moves go back to their Before values, field by field,
//     where the target still holds the run's After value; a value changed
//     since is kept and listed (ReviewChangedSince);
//   - created users are offboarded per the profile (disabled, moved to the
//     disabled-users department, or deleted);
//   - disabled users are enabled; enabled or restored users are disabled
//     (a restored account is disabled, not deleted again);
//   - created departments are deleted when the undo leaves them empty;
//   - bindings made are unbound, unbindings bound again (method manual).
//
// Deletions cannot be reversed (a deleted IM account loses its data, seed
// 003 §4.2.3 (1)): they are returned in Plan.Irreversible. An undo plan goes
// through the brake and the read-only check like any other. Errors are
// those of Make, and *InputError for an applied change still holding a
// provisional key.
func Undo(in Input, applied []Change) (*Plan, error) {
	v, err := newView(&in)
	if err != nil {
		return nil, err
	}
	pl := newPlanner(v)
	pl.lookupDisabledDepartment()
	pl.parentAfter = map[string]string{}
	var irreversible []Change
	var createdDepts []*dept
	for i := len(applied) - 1; i >= 0; i-- {
		c := applied[i]
		if IsProvisional(c.Target) {
			return nil, &InputError{Field: fmt.Sprintf("applied[%d].target", i),
				Rule: fmt.Sprintf("%q is provisional: pass the key the target assigned", c.Target)}
		}
		why := Reason{ReasonUndo, fmt.Sprintf("undo of %s %q (%s)", c.Action, c.Name, c.Key)}
		switch c.Action {
		case ActionDeleteUser, ActionDeleteDepartment:
			irreversible = append(irreversible, c)
		case ActionBindUser:
			pl.add(Change{Action: ActionUnbindUser, Source: c.Source, Target: c.Target, Name: c.Name, Reason: why})
		case ActionUnbindUser:
			pl.add(Change{Action: ActionBindUser, Source: c.Source, Target: c.Target, Name: c.Name, Method: BindManual, Reason: why})
		case ActionBindDepartment:
			pl.add(Change{Action: ActionUnbindDepartment, Source: c.Source, Target: c.Target, Name: c.Name, Reason: why})
		case ActionUnbindDepartment:
			pl.add(Change{Action: ActionBindDepartment, Source: c.Source, Target: c.Target, Name: c.Name, Method: BindManual, Reason: why})
		case ActionCreateDepartment:
			if d := pl.tgt.activeDept(c.Target); d != nil {
				createdDepts = append(createdDepts, d)
			}
		case ActionUpdateDepartment:
			pl.undoUpdateDepartment(c, why)
		case ActionMoveDepartment:
			pl.undoMoveDepartment(c, why)
		default:
			pl.undoUser(c, why)
		}
	}
	pl.deleteCreatedDepartments(createdDepts)
	slices.Reverse(irreversible) // back to the order they were applied in
	return pl.finish(irreversible)
}

// undoUser reverses one user change.
func (pl *planner) undoUser(c Change, why Reason) {
	t := pl.tgt.users[c.Target]
	if t == nil || t.State == UserOutOfScope {
		pl.changedSince(c, "the account is no longer listed")
		return
	}
	switch c.Action {
	case ActionCreateUser:
		pl.offboard(c.Source, t, why)
	case ActionDisableUser:
		if state(t) == UserDisabled {
			pl.restored[t.Key] = pl.add(Change{Action: ActionEnableUser, Source: c.Source, Target: t.Key, Name: t.Name,
				Before: &Snapshot{State: UserDisabled}, After: &Snapshot{State: UserActive}, Reason: why})
		} else {
			pl.changedSince(c, "the account is "+string(state(t))+" now")
		}
	case ActionEnableUser, ActionRestoreUser:
		if state(t) == UserActive {
			pl.add(Change{Action: ActionDisableUser, Source: c.Source, Target: t.Key, Name: t.Name,
				Before: &Snapshot{State: UserActive}, After: &Snapshot{State: UserDisabled}, Reason: why})
		} else {
			pl.changedSince(c, "the account is "+string(state(t))+" now")
		}
	case ActionUpdateUser:
		before, after := map[Field]string{}, map[Field]string{}
		var changed []string
		for f, v := range c.After.Fields {
			if fieldValue(t, f) != v {
				changed = append(changed, string(f))
				continue
			}
			before[f], after[f] = v, c.Before.Fields[f]
		}
		if len(after) > 0 {
			pl.add(Change{Action: ActionUpdateUser, Source: c.Source, Target: t.Key, Name: t.Name,
				Before: &Snapshot{Fields: before}, After: &Snapshot{Fields: after}, Reason: why}, pl.restored[t.Key])
		}
		if len(changed) > 0 {
			sort.Strings(changed)
			pl.changedSince(c, strings.Join(changed, ", ")+" changed since")
		}
	case ActionMoveUser:
		cp, cpart := pl.currentMemberships(t)
		if cp != c.After.PrimaryDepartment || !sameKeys(cpart, normalizeSet(append([]string(nil), c.After.PartTimeDepartments...), cp)) {
			pl.changedSince(c, "its departments changed since")
			return
		}
		for _, k := range append([]string{c.Before.PrimaryDepartment}, c.Before.PartTimeDepartments...) {
			if k != "" && pl.tgt.activeDept(k) == nil {
				pl.changedSince(c, fmt.Sprintf("department %q it was in is gone", k))
				return
			}
		}
		pl.moveUser(c.Source, t, c.Before.PrimaryDepartment, c.Before.PartTimeDepartments, func() Reason { return why }, pl.restored[t.Key])
	}
}

func (pl *planner) undoUpdateDepartment(c Change, why Reason) {
	d := pl.tgt.activeDept(c.Target)
	if d == nil {
		pl.changedSince(c, "the department is no longer listed")
		return
	}
	after := &Snapshot{Name: d.Name, Order: d.Order}
	var changed []string
	if c.Before.Name != c.After.Name {
		if d.Name == c.After.Name {
			after.Name = c.Before.Name
		} else {
			changed = append(changed, "name")
		}
	}
	if c.Before.Order != c.After.Order {
		if d.Order == c.After.Order {
			after.Order = c.Before.Order
		} else {
			changed = append(changed, "order")
		}
	}
	if after.Name != d.Name || after.Order != d.Order {
		pl.add(Change{Action: ActionUpdateDepartment, Source: c.Source, Target: d.Key, Name: d.Name,
			Before: &Snapshot{Name: d.Name, Order: d.Order}, After: after, Reason: why})
	}
	if len(changed) > 0 {
		pl.changedSince(c, strings.Join(changed, ", ")+" changed since")
	}
}

func (pl *planner) undoMoveDepartment(c Change, why Reason) {
	d := pl.tgt.activeDept(c.Target)
	if d == nil || d.parent != c.After.ParentKey {
		pl.changedSince(c, "the department moved or disappeared since")
		return
	}
	ch := pl.add(Change{Action: ActionMoveDepartment, Source: c.Source, Target: d.Key, Name: d.Name,
		Before: &Snapshot{ParentKey: d.parent}, After: &Snapshot{ParentKey: c.Before.ParentKey}, Reason: why})
	pl.depth[ch] = pl.depthOf(c.Before.ParentKey) + 1
	pl.parentAfter[d.Key] = c.Before.ParentKey
}

// depthOf is a target department's current depth (-1 for the root).
func (pl *planner) depthOf(key string) int {
	if d := pl.tgt.depts[key]; d != nil {
		return d.depth
	}
	return -1
}

// deleteCreatedDepartments deletes the departments a run created once the
// undo leaves them empty, bottom-up.
func (pl *planner) deleteCreatedDepartments(ds []*dept) {
	if len(ds) == 0 {
		return
	}
	members, kids := pl.finalCounts()
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].depth != ds[j].depth {
			return ds[i].depth > ds[j].depth
		}
		return ds[i].Key < ds[j].Key
	})
	childDeletes := map[string][]string{}
	for _, d := range ds {
		if members[d.Key] > 0 || kids[d.Key] > 0 {
			pl.review = append(pl.review, ReviewItem{Kind: ReviewDepartmentNotEmpty, Target: d.Key, Name: d.Name,
				Text: fmt.Sprintf("the run created department %q; it still has %d users and %d sub-departments after the undo, so it is kept", d.Name, members[d.Key], kids[d.Key])})
			continue
		}
		ch := pl.add(Change{Action: ActionDeleteDepartment, Source: pl.deptBindRev[d.Key], Target: d.Key, Name: d.Name,
			Before: &Snapshot{Name: d.Name, ParentKey: d.parent, Order: d.Order},
			Reason: Reason{ReasonUndo, fmt.Sprintf("undo: the run created department %q, now empty", d.Name)}})
		ch.DependsOn = append(append(ch.DependsOn, pl.leaving[d.Key]...), childDeletes[d.Key]...)
		pl.depth[ch] = d.depth
		parent := pl.finalParent(d.Key)
		kids[parent]--
		childDeletes[parent] = append(childDeletes[parent], ch.Key)
		pl.deleted[d.Key] = true
	}
}

func (pl *planner) changedSince(c Change, what string) {
	pl.review = append(pl.review, ReviewItem{Kind: ReviewChangedSince, Source: c.Source, Target: c.Target, Name: c.Name,
		Text: fmt.Sprintf("%s of %q is not undone: %s", c.Action, c.Name, what)})
}
