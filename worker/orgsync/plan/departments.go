package plan

import (
	"fmt"
	"sort"
)

// planDepartments turns the department matches into changes, top-down:
// binds for name matches, renames and reorders, creates under the parent's
// target, and moves of bound departments whose parent differs.
func (pl *planner) planDepartments() {
	ms := make([]*deptMatch, 0, len(pl.depts))
	for _, m := range pl.depts {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].depth != ms[j].depth {
			return ms[i].depth < ms[j].depth
		}
		return ms[i].src.Key < ms[j].src.Key
	})
	src, tgt := pl.src.side.label(), pl.tgt.side.label()
	for _, m := range ms {
		s := m.src
		if m.status == DeptNew {
			c := pl.add(Change{
				Action: ActionCreateDepartment, Source: s.Key, Target: m.target, Name: s.Name,
				After:  &Snapshot{Name: s.Name, ParentKey: m.parentTarget, Order: s.Order},
				Reason: Reason{ReasonNewInSource, fmt.Sprintf("department %q is in the %s, not in the %s", s.Name, src, tgt)},
			}, pl.created[m.parentTarget])
			pl.depth[c] = m.depth
			pl.created[m.target] = c
			continue
		}
		t := pl.tgt.depts[m.target]
		writable := pl.deptInRange(t.Key) && pl.deptInRange(m.parentTarget)
		if m.status == DeptMatched {
			pl.add(Change{
				Action: ActionBindDepartment, Source: s.Key, Target: t.Key, Name: s.Name, Method: BindAuto,
				Reason: Reason{ReasonMatchedByName, fmt.Sprintf("same level and same name %q in the %s and the %s", s.Name, src, tgt)},
			})
		}
		// A source order of 0 is "unordered": the target keeps the place
		// it gave the department (platforms number siblings themselves, and
		// Feishu refuses equal orders among siblings, 43005).
		order := s.Order
		if order == 0 {
			order = t.Order
		}
		if (t.Name != s.Name || t.Order != order || t.parent != m.parentTarget) && !writable {
			pl.reviewOutsideRange(s.Key, t.Key, s.Name, fmt.Sprintf("IM department %q (renamed, reordered or moved in the %s)", t.Name, src))
			continue
		}
		if t.Name != s.Name || t.Order != order {
			c := pl.add(Change{
				Action: ActionUpdateDepartment, Source: s.Key, Target: t.Key, Name: s.Name,
				Before: &Snapshot{Name: t.Name, Order: t.Order},
				After:  &Snapshot{Name: s.Name, Order: order},
				Reason: Reason{ReasonChangedInSource, fmt.Sprintf("department %q is named or ordered differently in the %s", s.Name, src)},
			})
			pl.depth[c] = m.depth
		}
		if t.parent != m.parentTarget {
			c := pl.add(Change{
				Action: ActionMoveDepartment, Source: s.Key, Target: t.Key, Name: s.Name,
				Before: &Snapshot{ParentKey: t.parent},
				After:  &Snapshot{ParentKey: m.parentTarget},
				Reason: Reason{ReasonMovedInSource, fmt.Sprintf("department %q has another parent in the %s", s.Name, src)},
			}, pl.created[m.parentTarget], pl.moved[m.parentTarget])
			pl.depth[c] = m.depth
			pl.moved[t.Key] = c
		}
	}
}

// finalParent is a target department's parent once the plan is applied.
func (pl *planner) finalParent(key string) string {
	if p, ok := pl.parentAfter[key]; ok {
		return p
	}
	if m := pl.byTarget[key]; m != nil {
		return m.parentTarget
	}
	if d := pl.tgt.depts[key]; d != nil {
		return d.parent
	}
	return ""
}

// managed says whether the plan owns a target department's membership:
// it has a source counterpart (this run or by binding) or is the
// disabled-users department. Memberships in other target departments
// (the IM's own groups) are left as they are.
func (pl *planner) managed(key string) bool {
	if pl.byTarget[key] != nil {
		return true
	}
	if _, ok := pl.deptBindRev[key]; ok {
		return true
	}
	return key != "" && key == pl.disabledDept
}
