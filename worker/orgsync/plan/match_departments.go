package plan

import (
	"fmt"
	"sort"
)

// DeptStatus is how a source department found its target.
type DeptStatus string

// Department match statuses (the console's colours: matched and bound are
// orange, new is blue).
const (
	DeptBound   DeptStatus = "bound"   // an existing department binding
	DeptMatched DeptStatus = "matched" // same level, same name (§4.3.2.2)
	DeptNew     DeptStatus = "new"     // created in the target
)

// deptMatch is one source department placed in the target.
type deptMatch struct {
	src          *dept
	target       string // target key; provisional when new
	status       DeptStatus
	parentTarget string // where it belongs in the target
	depth        int    // 0 = top level of the synced tree
}

// matchDepartments walks the source tree top-down from the mount and finds
// each department's target (seed 003 §4.3.2.2, 部门关联的逻辑是：层级相同且
// 部门名称相同):
//  1. an existing binding wins, wherever the bound target is (it is moved
//     into place);
//  2. else a target child of the parent's target with the same name;
//  3. else it is new — except at the top level with no top department set,
//     where an unmatched name aborts with *TopDepartmentMismatchError unless
//     the target has no top level at all (§4.3.2.1, 飞书没有组织架构).
//
// Siblings with the same name cannot both be placed (the IM forbids it):
// the first by (order, key) is, the others go to review with their
// subtrees.
func (pl *planner) matchDepartments() error {
	reserved := map[string]bool{} // target keys claimed by a binding
	for s, t := range pl.deptBind {
		if pl.src.activeDept(s) == nil || pl.tgt.activeDept(t) == nil || !pl.deptInScope(s) {
			continue
		}
		if pl.tgtMount != "" && pl.tgt.ancestorOrSelf(t, pl.tgtMount) {
			// Bound before the top department was set below it: moving it
			// under the top department would put it under itself.
			pl.review = append(pl.review, ReviewItem{Kind: ReviewBindingIgnored, Source: s, Target: t, Name: pl.tgt.depts[t].Name,
				Text: fmt.Sprintf("the binding of %s department %q is ignored: %s department %q is the top department or contains it; unbind it",
					pl.src.side.label(), s, pl.tgt.side.label(), pl.tgt.depts[t].Name)})
			continue
		}
		reserved[t] = true
	}
	type item struct {
		src          *dept
		parentTarget string
		depth        int
	}
	var level []item
	for _, d := range pl.src.children[pl.srcMount] {
		level = append(level, item{src: d, parentTarget: pl.tgtMount})
	}
	for len(level) > 0 {
		var next []item
		seen := map[string]map[string]bool{} // source parent → names placed
		for _, it := range level {
			s := it.src
			if !pl.deptInScope(s.Key) || !pl.examinesDept(s.Key) {
				continue
			}
			names := seen[s.parent]
			if names == nil {
				names = map[string]bool{}
				seen[s.parent] = names
			}
			if names[s.Name] {
				pl.reviewDuplicateDepartment(s)
				continue
			}
			names[s.Name] = true
			m := &deptMatch{src: s, parentTarget: it.parentTarget, depth: it.depth}
			if t, ok := pl.deptBind[s.Key]; ok && reserved[t] && pl.byTarget[t] == nil {
				m.target, m.status = t, DeptBound
			} else if t := pl.sameName(it.parentTarget, s.Name, reserved); t != "" {
				m.target, m.status = t, DeptMatched
			} else {
				if it.depth == 0 && pl.rootCheck && len(pl.tgt.children[""]) > 0 {
					return pl.mismatch(s)
				}
				m.target, m.status = provisionalDept(s.Key), DeptNew
			}
			if !pl.placeable(m) {
				continue // it and its subtree stay out: review says why
			}
			pl.depts[s.Key] = m
			pl.byTarget[m.target] = m
			for _, c := range pl.src.children[s.Key] {
				next = append(next, item{src: c, parentTarget: m.target, depth: it.depth + 1})
			}
		}
		level = next
	}
	return nil
}

// sameName finds an unclaimed active target child of parent named name.
func (pl *planner) sameName(parent, name string, reserved map[string]bool) string {
	if IsProvisional(parent) {
		return "" // a new department has no children yet
	}
	for _, t := range pl.tgt.children[parent] {
		if t.Name == name && !reserved[t.Key] && pl.byTarget[t.Key] == nil {
			return t.Key
		}
	}
	return ""
}

func (pl *planner) mismatch(s *dept) error {
	var names []string
	for _, t := range pl.tgt.children[""] {
		names = append(names, t.Name)
	}
	sort.Strings(names)
	return &TopDepartmentMismatchError{SourceSide: pl.src.side, SourceName: s.Name, TargetNames: names}
}

func (pl *planner) reviewDuplicateDepartment(s *dept) {
	pl.review = append(pl.review, ReviewItem{
		Kind: ReviewDuplicateDepartment, Source: s.Key, Name: s.Name,
		Text: fmt.Sprintf("%s department %q has a sibling of the same name; departments match by level and name, so it and its sub-departments are not synced until one is renamed",
			pl.src.side.label(), s.Name),
	})
}

// mapDept returns the target key for a source department key ("" and the
// mount map to the target mount); false when the department is not placed
// (out of scope, removed, or under an unplaced parent).
func (pl *planner) mapDept(srcKey string) (string, bool) {
	if srcKey == pl.srcMount {
		return pl.tgtMount, true
	}
	if m := pl.depts[srcKey]; m != nil {
		return m.target, true
	}
	return "", false
}

// placeable says whether the app's contact range lets the plan place the
// department: a new one needs its parent in range; one that cannot be
// created is not placed, with its subtree and its users, and is listed
// once ("outside the app's contact range") instead of failing on the
// platform.
func (pl *planner) placeable(m *deptMatch) bool {
	if pl.rng == nil {
		return true
	}
	if m.status == DeptNew {
		if pl.deptInRange(m.parentTarget) {
			return true
		}
		where := "the root of the IM directory (only an app whose range is all members may write there)"
		if m.parentTarget != "" {
			where = fmt.Sprintf("IM department %q", m.parentTarget)
		}
		pl.outside[m.src.Key] = true
		pl.reviewOutsideRange(m.src.Key, "", m.src.Name, fmt.Sprintf("new department %q would be created under %s, which", m.src.Name, where))
		return false
	}
	// A matched or bound department outside the range is placed, so its
	// sub-departments (which may be inside: ranges are subtrees) match
	// under it; planDepartments writes nothing to it, and no one is moved
	// into it.
	return true
}
