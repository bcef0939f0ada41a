package broadcast

import (
	"slices"

	"imbridge/ent/viewer"
)

// Policy is a corp's broadcast permission (开播权限, seed 000) as the
// engine evaluates it: everyone, or only the selected departments (with
// their sub-departments) and people of the corp's mirrored org chart.
// Approvers decide requests: the tenant's admins, or named console
// accounts and named people (OA users).
type Policy struct {
	Everyone    bool
	Departments []int // the corp's (IM-side) department ids
	Users       []int // the corp's (IM-side) user ids
	// Named approvers (console Admin ids); nil: the tenant's admins.
	Approvers []int
	// Named people who approve (OA user ids): reached by IM, they decide
	// through a console account linked to their IM identity in the corp.
	ApproverUsers []int
	Named         bool
}

// Member is an anchor as the policy sees them: the corp's IM user bound to
// the OA user, and every department they are in with all the departments
// above those (so selecting a department selects its sub-departments).
type Member struct {
	IMUser      int
	Departments []int
}

// Allows reports whether the member may broadcast.
func (p Policy) Allows(m Member) bool {
	if p.Everyone {
		return true
	}
	if m.IMUser == 0 {
		return false // not bound in the corp: not in its org chart
	}
	if slices.Contains(p.Users, m.IMUser) {
		return true
	}
	for _, d := range m.Departments {
		if slices.Contains(p.Departments, d) {
			return true
		}
	}
	return false
}

// MayDecide reports whether the viewer decides the corp's requests: a
// console account, and either a named approver, the account linked to a
// named person (oaUser: the OA user the viewer's IM link in the corp is
// bound to, 0 for none), or (no names) one of the tenant's admins. Tokens
// and the system never decide: a decision is a person's.
func (p Policy) MayDecide(v *viewer.Viewer, oaUser int) bool {
	if v == nil || v.Kind != viewer.KindAdmin {
		return false
	}
	if p.Named {
		return slices.Contains(p.Approvers, v.ID) || oaUser != 0 && slices.Contains(p.ApproverUsers, oaUser)
	}
	return v.Role == viewer.RoleTenantAdmin || v.Role == viewer.RoleSuperAdmin
}

// Ancestry expands departments to themselves and everything above them,
// given each department's parent (0 at the top). Cycles end the walk.
func Ancestry(depts []int, parent map[int]int) []int {
	seen := map[int]bool{}
	var out []int
	for _, d := range depts {
		for d != 0 && !seen[d] {
			seen[d] = true
			out = append(out, d)
			d = parent[d]
		}
	}
	return out
}
