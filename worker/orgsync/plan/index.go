package plan

import (
	"fmt"
	"sort"
)

// dept is a department of an index with its parent read in the plan's
// convention ("" = root) and its depth (0 = top level).
type dept struct {
	*Department
	parent string
	depth  int
}

func (d *dept) active() bool {
	return d.State == "" || d.State == DepartmentActive
}

// index is one directory made searchable. It points into the caller's
// slices and never modifies them.
type index struct {
	side     Side
	depts    map[string]*dept
	children map[string][]*dept // by parent key; active children sorted by (Order, Key)
	users    map[string]*User
	list     []*User // users in input order
}

// root reads a department key in the plan's convention: the IM's "0" is "".
func (x *index) root(key string) string {
	if x.side == SideIM && key == "0" {
		return ""
	}
	return key
}

func (x *index) primary(u *User) string { return x.root(u.PrimaryDepartment) }

// activeUser says whether u is present in its directory: neither gone nor
// out of scope.
func activeUser(u *User) bool {
	return u.State == "" || u.State == UserActive || u.State == UserDisabled
}

// state reads a user's state with "" as active.
func state(u *User) UserState {
	if u.State == "" {
		return UserActive
	}
	return u.State
}

// newIndex indexes d, rejecting duplicate or empty keys, dangling parents
// of active departments, cycles, and (on the target side) keys that look
// provisional.
func newIndex(side Side, d *Directory, target bool) (*index, error) {
	x := &index{
		side:     side,
		depts:    make(map[string]*dept, len(d.Departments)),
		children: make(map[string][]*dept),
		users:    make(map[string]*User, len(d.Users)),
		list:     make([]*User, 0, len(d.Users)),
	}
	all := make([]dept, len(d.Departments))
	for i := range d.Departments {
		dp := &d.Departments[i]
		field := fmt.Sprintf("%s.departments[%d]", side, i)
		if err := checkKey(field, dp.Key, target); err != nil {
			return nil, err
		}
		if x.root(dp.Key) == "" {
			return nil, &InputError{Field: field + ".key", Rule: "the root (\"\" or \"0\") is not a department"}
		}
		if _, dup := x.depts[dp.Key]; dup {
			return nil, &InputError{Field: field + ".key", Rule: fmt.Sprintf("duplicate department key %q", dp.Key)}
		}
		switch dp.State {
		case "", DepartmentActive, DepartmentRemoved, DepartmentOutOfScope:
		default:
			return nil, &InputError{Field: field + ".state", Rule: fmt.Sprintf("unknown state %q (active, removed, out_of_scope)", dp.State)}
		}
		all[i] = dept{Department: dp, parent: x.root(dp.ParentKey), depth: -1}
		x.depts[dp.Key] = &all[i]
	}
	for i := range all {
		dp := &all[i]
		if dp.parent != "" && x.depts[dp.parent] == nil && dp.active() {
			return nil, &InputError{Field: fmt.Sprintf("%s.departments[%d].parent_key", side, i),
				Rule: fmt.Sprintf("parent %q of department %q is not in the directory", dp.parent, dp.Key)}
		}
		if err := x.setDepth(dp); err != nil {
			return nil, &InputError{Field: fmt.Sprintf("%s.departments[%d].parent_key", side, i), Rule: err.Error()}
		}
		if dp.active() {
			x.children[dp.parent] = append(x.children[dp.parent], dp)
		}
	}
	for _, c := range x.children {
		sortDepts(c)
	}
	for i := range d.Users {
		u := &d.Users[i]
		field := fmt.Sprintf("%s.users[%d]", side, i)
		if err := checkKey(field, u.Key, target); err != nil {
			return nil, err
		}
		if _, dup := x.users[u.Key]; dup {
			return nil, &InputError{Field: field + ".key", Rule: fmt.Sprintf("duplicate user key %q", u.Key)}
		}
		switch u.State {
		case "", UserActive, UserDisabled, UserResigned, UserOutOfScope, UserRemoved:
		default:
			return nil, &InputError{Field: field + ".state", Rule: fmt.Sprintf("unknown state %q (active, disabled, resigned, out_of_scope, removed)", u.State)}
		}
		x.users[u.Key] = u
		x.list = append(x.list, u)
	}
	return x, nil
}

func checkKey(field, key string, target bool) error {
	if key == "" {
		return &InputError{Field: field + ".key", Rule: "must not be empty"}
	}
	if target && IsProvisional(key) {
		return &InputError{Field: field + ".key", Rule: fmt.Sprintf("%q starts with %q, which marks keys a plan creates", key, ProvisionalPrefix)}
	}
	return nil
}

// setDepth computes d's depth from its ancestors, detecting cycles. A
// department under a missing parent (only possible for removed or
// out-of-scope ones) counts as top level.
func (x *index) setDepth(d *dept) error {
	var chain []*dept
	cur := d
	for cur != nil && cur.depth < 0 {
		if len(chain) > len(x.depts) {
			return fmt.Errorf("department %q is its own ancestor", d.Key)
		}
		cur.depth = -2 // on the current path
		chain = append(chain, cur)
		next := x.depts[cur.parent]
		if next != nil && next.depth == -2 {
			return fmt.Errorf("department %q is its own ancestor", d.Key)
		}
		cur = next
	}
	base := -1
	if cur != nil {
		base = cur.depth
	}
	for i := len(chain) - 1; i >= 0; i-- {
		base++
		chain[i].depth = base
	}
	return nil
}

func sortDepts(ds []*dept) {
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].Order != ds[j].Order {
			return ds[i].Order < ds[j].Order
		}
		return ds[i].Key < ds[j].Key
	})
}

// activeDept returns the department key if it is active, else nil.
func (x *index) activeDept(key string) *dept {
	d := x.depts[key]
	if d == nil || !d.active() {
		return nil
	}
	return d
}

// ancestorOrSelf says whether anc is key or one of its ancestors ("" is
// everyone's ancestor).
func (x *index) ancestorOrSelf(anc, key string) bool {
	for {
		if key == anc {
			return true
		}
		if key == "" {
			return false
		}
		d := x.depts[key]
		if d == nil {
			return false
		}
		key = d.parent
	}
}
