package plan

import (
	"fmt"
	"time"
)

// offboard plans what happens to target account t of a person who left
// the source or the scope (离职用户处理方式, seed 003 §4.2.3 (1)): deleted
// with OffboardDelete; else disabled and, with MoveDisabled (IM targets),
// moved into the disabled-users department, created under the top
// department when missing. The binding stays, so a person who comes back
// gets the same account.
func (pl *planner) offboard(source string, t *User, why Reason) {
	if t.State == UserOutOfScope {
		pl.reviewTargetOutOfScope(t)
		return
	}
	ts := state(t)
	if ts.gone() {
		return
	}
	if !pl.userInRange(t) {
		if ts == UserActive || pl.p.Offboarding == OffboardDelete || pl.p.MoveDisabled {
			pl.reviewOutsideRange(source, t.Key, t.Name, fmt.Sprintf("IM user %q (%s)", t.Name, why.Text))
		}
		return
	}
	if pl.p.Offboarding == OffboardDelete {
		pl.deleteUser(source, t, why)
		return
	}
	into := pl.disabledDept // the disabled-users department, or where it would be created
	if into == "" {
		into = pl.tgtMount
	}
	if pl.p.MoveDisabled && pl.targetIM && !pl.deptInRange(into) {
		pl.reviewOutsideRange(source, t.Key, t.Name, fmt.Sprintf("the department %q that %q would be moved into, under the top department,",
			pl.p.DisabledDepartmentName, t.Name))
	} else if pl.p.MoveDisabled && pl.targetIM {
		dd, create := pl.disabledDepartment()
		pl.moveUser(source, t, dd, nil, func() Reason { return why }, create)
	}
	if ts == UserActive {
		pl.add(Change{Action: ActionDisableUser, Source: source, Target: t.Key, Name: t.Name,
			Before: &Snapshot{State: ts}, After: &Snapshot{State: UserDisabled}, Reason: why})
	}
}

func (pl *planner) deleteUser(source string, t *User, why Reason) {
	c := pl.add(Change{Action: ActionDeleteUser, Source: source, Target: t.Key, Name: t.Name,
		Before: &Snapshot{State: state(t)}, After: &Snapshot{State: UserRemoved}, Reason: why})
	cp, cpart := pl.currentMemberships(t)
	pl.final[t.Key] = &Snapshot{State: UserRemoved}
	pl.leave(c, cp, cpart)
}

// lookupDisabledDepartment finds an existing disabled-users department:
// a top-level department of the synced tree with the configured name.
func (pl *planner) lookupDisabledDepartment() {
	if !pl.p.MoveDisabled || !pl.targetIM || pl.p.Offboarding != OffboardDisable {
		return
	}
	for _, d := range pl.tgt.children[pl.tgtMount] {
		if d.Name == pl.p.DisabledDepartmentName {
			pl.disabledDept = d.Key
			return
		}
	}
}

// disabledDepartment returns the disabled-users department's key and, the
// first time it is needed and missing, the change creating it.
func (pl *planner) disabledDepartment() (string, *Change) {
	if pl.disabledDept != "" {
		return pl.disabledDept, pl.disabledCreate
	}
	name := pl.p.DisabledDepartmentName
	c := pl.add(Change{Action: ActionCreateDepartment, Target: disabledDepartmentKey, Name: name,
		After:  &Snapshot{Name: name, ParentKey: pl.tgtMount},
		Reason: Reason{ReasonDisabledDept, fmt.Sprintf("offboarded users are moved into %q (禁用成员是否移动到统一部门), which does not exist yet", name)},
	})
	pl.depth[c] = 0
	pl.disabledDept, pl.disabledCreate = disabledDepartmentKey, c
	pl.created[disabledDepartmentKey] = c
	return pl.disabledDept, c
}

// Offboard plans the daily deletion of users disabled at least
// Profile.DeleteAfterDays days before now (禁用用户几天后删除, issue 8 item 9):
// target accounts that are disabled, bound, and whose source person left
// (or, in oa_to_im, left the scope). A person disabled for another reason
// (suspended in the source) is kept, and so is anyone whose disable date is
// unknown. The plan goes through the same brake as any other; with
// DeleteAfterDays 0 it is empty. Errors are those of Make.
func Offboard(in Input, now time.Time) (*Plan, error) {
	v, err := newView(&in)
	if err != nil {
		return nil, err
	}
	if v.p.Mode == ModeIMToBridge {
		return nil, &InputError{Field: "profile.mode", Rule: "offboarding deletes need a sync direction (oa_to_im or im_to_oa)"}
	}
	pl := newPlanner(v)
	days := v.p.DeleteAfterDays
	if days > 0 {
		cutoff := now.AddDate(0, 0, -days)
		for _, s := range pl.src.list {
			t := pl.tgt.users[pl.userBind[s.Key]]
			if t == nil || state(t) != UserDisabled || t.DisabledAt == nil || t.DisabledAt.After(cutoff) {
				continue
			}
			var why string
			switch {
			case state(s).gone():
				why = fmt.Sprintf("%q left the company", s.Name)
			case pl.scope != nil && !pl.inScope(s):
				why = fmt.Sprintf("%q is outside the sync scope", s.Name)
			default:
				continue
			}
			pl.deleteUser(s.Key, t, Reason{ReasonDisabledLongAgo, fmt.Sprintf("%s and was disabled on %s, at least %d days ago (禁用用户几天后删除)",
				why, t.DisabledAt.Format(time.DateOnly), days)})
		}
	}
	return pl.finish(nil)
}
