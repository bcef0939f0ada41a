package plan

// focus is what an incremental plan examines (Input.Only): the touched
// users and departments, plus the departments they need — their parents up
// to the mount — so a contact event or a partial OA import costs in
// proportion to what it touched, not to the directory. A periodic full run
// repairs any drift a small run cannot see.
type focus struct {
	users   []*User         // source users examined, in input order
	depts   map[string]bool // source departments examined (touched and their ancestors)
	touched map[string]bool // source departments touched themselves
}

// newFocus resolves in.Only against the source: a key names a source user
// or department, or the target user or department bound to one. nil when
// the plan is about everything.
func newFocus(v *view) *focus {
	if len(v.in.Only) == 0 {
		return nil
	}
	f := &focus{depts: map[string]bool{}, touched: map[string]bool{}}
	users := map[string]bool{}
	for _, k := range v.in.Only {
		if v.src.users[k] != nil {
			users[k] = true
		}
		if s, ok := v.userBindRev[k]; ok {
			users[s] = true
		}
		if v.src.depts[k] != nil {
			f.touched[k] = true
		}
		if s, ok := v.deptBindRev[k]; ok && v.src.depts[s] != nil {
			f.touched[s] = true
		}
	}
	need := func(key string) {
		for n := 0; key != "" && key != v.srcMount && !f.depts[key] && n <= len(v.src.depts); n++ {
			f.depts[key] = true
			d := v.src.depts[key]
			if d == nil {
				return
			}
			key = d.parent
		}
	}
	for k := range f.touched {
		need(k)
	}
	for _, u := range v.src.list {
		if !users[u.Key] {
			continue
		}
		f.users = append(f.users, u)
		need(v.src.primary(u))
		for _, k := range u.PartTimeDepartments {
			need(v.src.root(k))
		}
	}
	return f
}

// srcUsers are the source users the plan examines.
func (pl *planner) srcUsers() []*User {
	if pl.focus != nil {
		return pl.focus.users
	}
	return pl.src.list
}

// examinesDept says whether the plan looks at source department key.
func (pl *planner) examinesDept(key string) bool {
	return pl.focus == nil || pl.focus.depts[key]
}
