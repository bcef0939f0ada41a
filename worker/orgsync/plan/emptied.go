package plan

import (
	"fmt"
	"sort"
)

// planDepartmentDeletes deletes bound target departments whose source
// department was removed or (oa_to_im) left the scope — seed 003 §4.2.3 (2):
// 不在此范围内的并且已经与系统建立关联关系的部门…将会被从飞书中删除 — but only
// those the plan leaves empty: no user (of any state the target still
// lists) and no sub-department once every other change is applied. The IM
// refuses to delete a department that is not empty, and the users and
// sub-departments keeping one are the IM's own, so a non-empty department
// stays and goes to review. Deletes run bottom-up, each after the changes
// that empty it. A department binding whose source department is merely
// absent from the source changes nothing (absence is not removal).
func (pl *planner) planDepartmentDeletes() {
	type cand struct {
		t   *dept
		why Reason
	}
	var cands []cand
	for s, t := range pl.deptBind {
		if pl.focus != nil && !pl.focus.touched[s] {
			continue
		}
		td := pl.tgt.activeDept(t)
		if td == nil || pl.byTarget[t] != nil {
			continue
		}
		sd := pl.src.depts[s]
		switch {
		case sd == nil:
			pl.review = append(pl.review, ReviewItem{Kind: ReviewSourceMissing, Source: s, Target: t, Name: td.Name,
				Text: fmt.Sprintf("%s department %q is bound to %s department %q, which the %s directory does not list; it is kept",
					pl.tgt.side.label(), td.Name, pl.src.side.label(), s, pl.src.side.label())})
		case sd.State == DepartmentRemoved:
			cands = append(cands, cand{td, Reason{ReasonRemoved, fmt.Sprintf("department %q was deleted in the %s", sd.Name, pl.src.side.label())}})
		case pl.scope != nil && (sd.State == DepartmentOutOfScope || !pl.scope.dept(s)):
			cands = append(cands, cand{td, Reason{ReasonLeftScope, fmt.Sprintf(
				"department %q is outside the sync scope; bound departments outside the scope are removed from the %s", sd.Name, pl.tgt.side.label())}})
		}
	}
	if len(cands) == 0 {
		return
	}
	members, kids := pl.finalCounts()
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].t.depth != cands[j].t.depth {
			return cands[i].t.depth > cands[j].t.depth
		}
		return cands[i].t.Key < cands[j].t.Key
	})
	childDeletes := map[string][]string{}
	for _, c := range cands {
		k := c.t.Key
		if !pl.deptInRange(c.t.parent) {
			// Feishu deletes a department only with the range over it and
			// its parent (reference §1.4).
			pl.reviewOutsideRange("", k, c.t.Name, fmt.Sprintf("%s; the parent of IM department %q", c.why.Text, c.t.Name))
			continue
		}
		if members[k] > 0 || kids[k] > 0 {
			pl.review = append(pl.review, ReviewItem{Kind: ReviewDepartmentNotEmpty, Target: k, Name: c.t.Name,
				Text: fmt.Sprintf("%s (%d users and %d sub-departments that the sync does not remove are still in it, so it is kept)",
					c.why.Text, members[k], kids[k])})
			continue
		}
		ch := pl.add(Change{Action: ActionDeleteDepartment, Source: pl.deptBindRev[k], Target: k, Name: c.t.Name,
			Before: &Snapshot{Name: c.t.Name, ParentKey: c.t.parent, Order: c.t.Order}, Reason: c.why})
		ch.DependsOn = append(ch.DependsOn, pl.leaving[k]...)
		ch.DependsOn = append(ch.DependsOn, childDeletes[k]...)
		pl.depth[ch] = c.t.depth
		kids[c.t.parent]--
		childDeletes[c.t.parent] = append(childDeletes[c.t.parent], ch.Key)
		pl.deleted[k] = true
	}
}

// finalCounts counts, per target department, the users and the
// sub-departments it will have once the plan's other changes are applied.
func (pl *planner) finalCounts() (members, kids map[string]int) {
	members = map[string]int{}
	count := func(primary string, part []string) {
		members[primary]++
		for _, k := range part {
			members[k]++
		}
	}
	for _, t := range pl.tgt.list {
		if state(t).gone() {
			continue
		}
		if f := pl.final[t.Key]; f != nil {
			if f.State != UserRemoved {
				count(f.PrimaryDepartment, f.PartTimeDepartments)
			}
			continue
		}
		count(pl.currentMemberships(t))
	}
	for _, c := range pl.createdUsers {
		count(c.After.PrimaryDepartment, c.After.PartTimeDepartments)
	}
	kids = map[string]int{}
	for k, d := range pl.tgt.depts {
		if d.active() {
			kids[pl.finalParent(k)]++
		}
	}
	for _, c := range pl.changes {
		if c.Action == ActionCreateDepartment {
			kids[c.After.ParentKey]++
		}
	}
	return members, kids
}
