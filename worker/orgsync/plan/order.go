package plan

import "sort"

// phase is where an action runs in a plan (issue 8 item 7): bindings first
// (bridge-only), departments top-down, users restored before anything
// else touches them, then created, updated and moved, then disabled and
// deleted, and emptied departments last, bottom-up.
var phase = map[Action]int{
	ActionUnbindUser:       0,
	ActionUnbindDepartment: 0,
	ActionBindDepartment:   1,
	ActionUpdateDepartment: 2,
	ActionCreateDepartment: 3,
	ActionMoveDepartment:   4,
	ActionBindUser:         5,
	ActionRestoreUser:      6,
	ActionEnableUser:       6,
	ActionCreateUser:       7,
	ActionUpdateUser:       8,
	ActionMoveUser:         9,
	ActionDisableUser:      10,
	ActionDeleteUser:       11,
	ActionDeleteDepartment: 12,
}

// order sorts the changes: by phase; departments by depth (top-down, and
// bottom-up for deletes); then by keys, so equal inputs give equal plans.
// Renames run before creates so that a new department never meets the old
// name of one being renamed; moves run after creates so their new parent
// exists, and top-down so no department is ever moved under itself.
func (pl *planner) order() {
	sort.SliceStable(pl.changes, func(i, j int) bool {
		a, b := pl.changes[i], pl.changes[j]
		if pa, pb := phase[a.Action], phase[b.Action]; pa != pb {
			return pa < pb
		}
		if da, db := pl.depth[a], pl.depth[b]; da != db {
			if a.Action == ActionDeleteDepartment {
				return da > db
			}
			return da < db
		}
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.Key < b.Key
	})
	sortReview(pl.review)
}
