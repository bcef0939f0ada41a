package plan

import "sort"

// desiredMemberships is where source user s belongs in the target, given
// target user t's current memberships (t is nil for a user to create):
//   - primary: the target of s's primary department;
//   - part-time, with IncludePartTime: the targets of s's part-time
//     departments that are synced, plus t's memberships in departments the
//     sync does not manage (the IM's own groups stay);
//   - part-time without it: t's part-time memberships, untouched (默认只同步
//     用户的主部门).
//
// ok is false when s's primary department has no place in the target (out
// of scope, removed, or under a department not synced); deps are the
// creates of new departments the memberships need.
func (pl *planner) desiredMemberships(s, t *User) (primary string, part []string, deps []*Change, ok bool) {
	primary, ok = pl.mapDept(pl.src.primary(s))
	if !ok || (!pl.deptInRange(primary) && (t == nil || pl.tgt.primary(t) != primary)) {
		return "", nil, nil, false // no one is put into a department outside the app's range
	}
	if c := pl.created[primary]; c != nil {
		deps = append(deps, c)
	}
	if pl.p.IncludePartTime {
		for _, k := range s.PartTimeDepartments {
			k = pl.src.root(k)
			if k == pl.srcMount || !pl.deptInScope(k) {
				continue
			}
			if tk, ok := pl.mapDept(k); ok && pl.deptInRange(tk) {
				part = append(part, tk)
				if c := pl.created[tk]; c != nil {
					deps = append(deps, c)
				}
			}
		}
		if t != nil {
			for _, k := range t.PartTimeDepartments {
				if k = pl.tgt.root(k); !pl.managed(k) {
					part = append(part, k)
				}
			}
		}
	} else if t != nil {
		for _, k := range t.PartTimeDepartments {
			part = append(part, pl.tgt.root(k))
		}
	}
	return primary, normalizeSet(part, primary), deps, true
}

// normalizeSet sorts keys and drops duplicates and skip. It reuses keys.
func normalizeSet(keys []string, skip string) []string {
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	out := keys[:0]
	for i, k := range keys {
		if k == skip || (i > 0 && k == keys[i-1]) {
			continue
		}
		out = append(out, k)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// currentMemberships reads t's memberships in the plan's convention.
func (pl *planner) currentMemberships(t *User) (string, []string) {
	var part []string
	if len(t.PartTimeDepartments) > 0 {
		part = make([]string, len(t.PartTimeDepartments))
		for i, k := range t.PartTimeDepartments {
			part[i] = pl.tgt.root(k)
		}
	}
	primary := pl.tgt.primary(t)
	return primary, normalizeSet(part, primary)
}

func sameKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
