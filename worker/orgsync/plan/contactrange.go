package plan

import "fmt"

// ContactRange is the IM app's contact range (通讯录权限范围) in IM keys:
// what the app may write. A write outside it fails on the platform
// (Feishu 40004 for a department, 41050 for a user), so an oa_to_im plan
// never contains one: what lies outside is listed for review with kind
// ReviewOutsideContactRange ("outside the app's contact range"), and the
// dry run predicts the apply. nil (Input.IMRange) means unknown: nothing is
// checked.
type ContactRange struct {
	// All: all members; only then is the root writable (top-level
	// departments created, users placed at the root).
	All bool
	// Departments are IM departments whose subtrees are in range.
	Departments []string
	// Users are IM users in range one by one, wherever they are.
	Users []string
}

// rangeCheck answers "may the plan write there?" for the target IM.
type rangeCheck struct {
	all   bool
	depts map[string]bool
	users map[string]bool
	memo  map[string]bool
}

func newRangeCheck(v *view) *rangeCheck {
	r := v.in.IMRange
	if r == nil || !v.targetIM || r.All {
		return nil // unknown or everything: no check
	}
	c := &rangeCheck{depts: set(r.Departments), users: set(r.Users), memo: map[string]bool{}}
	return c
}

// deptInRange says whether the plan may write in target department key:
// the root only with all members; a department when it or an ancestor is
// in the range; a department the plan creates when its parent is.
func (pl *planner) deptInRange(key string) bool {
	c := pl.rng
	if c == nil {
		return true
	}
	for n := 0; n <= len(pl.tgt.depts)+1; n++ {
		if key == "" {
			return false
		}
		if v, ok := c.memo[key]; ok {
			return v
		}
		if c.depts[key] {
			return true
		}
		if IsProvisional(key) {
			m := pl.byTarget[key]
			if m == nil {
				return key == disabledDepartmentKey && pl.deptInRange(pl.tgtMount)
			}
			key = m.parentTarget
			continue
		}
		d := pl.tgt.depts[key]
		if d == nil {
			return false
		}
		key = d.parent
	}
	return false
}

// userInRange says whether the plan may write target user t: granted one
// by one, or in a department of the range.
func (pl *planner) userInRange(t *User) bool {
	c := pl.rng
	if c == nil || c.users[t.Key] {
		return true
	}
	primary, part := pl.currentMemberships(t)
	if primary != "" && pl.deptInRange(primary) {
		return true
	}
	for _, k := range part {
		if pl.deptInRange(k) {
			return true
		}
	}
	return false
}

// reviewOutsideRange lists what the plan leaves alone because the app may
// not write there.
func (pl *planner) reviewOutsideRange(source, target, name, what string) {
	if pl.rangeListed == nil {
		pl.rangeListed = map[[2]string]bool{}
	}
	if pl.rangeListed[[2]string{source, target}] {
		return // once per source and target
	}
	pl.rangeListed[[2]string{source, target}] = true
	pl.review = append(pl.review, ReviewItem{Kind: ReviewOutsideContactRange, Source: source, Target: target, Name: name,
		Text: fmt.Sprintf("%s is outside the app's contact range (通讯录权限范围), so the sync cannot write it: add it to the app's range in the Feishu developer console, or leave it out of the sync scope", what)})
}

// outsideRange says whether source department key has no place in the
// target because of the contact range: it or an ancestor was not placed
// for it, or it is the mount and the mount is outside the range.
func (pl *planner) outsideRange(key string) bool {
	if pl.rng == nil {
		return false
	}
	if key == pl.srcMount {
		return !pl.deptInRange(pl.tgtMount)
	}
	if m := pl.depts[key]; m != nil && !pl.deptInRange(m.target) {
		return true // placed, but the app may not write there
	}
	for n := 0; key != "" && n <= len(pl.src.depts); n++ {
		if pl.outside[key] {
			return true
		}
		d := pl.src.depts[key]
		if d == nil {
			return false
		}
		key = d.parent
	}
	return false
}
