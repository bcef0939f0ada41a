package plan

import (
	"fmt"
	"slices"
	"testing"
)

// focusInput: 50 departments under one top, 1000 bound users with changed
// titles, and one new OA user u-new in a new department.
func focusInput() Input {
	in := Input{Profile: oaToIM()}
	in.OA.Departments = append(in.OA.Departments, d("o0", "", "集团"))
	in.IM.Departments = append(in.IM.Departments, d("i0", "", "集团"))
	in.DepartmentBindings = append(in.DepartmentBindings, DepartmentBinding{OAKey: "o0", IMKey: "i0"})
	for i := 1; i < 50; i++ {
		in.OA.Departments = append(in.OA.Departments, d(fmt.Sprintf("o%d", i), "o0", fmt.Sprintf("部门%d", i)))
		in.IM.Departments = append(in.IM.Departments, d(fmt.Sprintf("i%d", i), "i0", fmt.Sprintf("部门%d", i)))
		in.DepartmentBindings = append(in.DepartmentBindings, DepartmentBinding{OAKey: fmt.Sprintf("o%d", i), IMKey: fmt.Sprintf("i%d", i)})
	}
	for i := range 1000 {
		dep := i % 50
		o := with(u(fmt.Sprintf("u%d", i), "P", fmt.Sprintf("+86%04d", i), fmt.Sprintf("o%d", dep)), func(x *User) { x.Title = "新" })
		in.OA.Users = append(in.OA.Users, o)
		in.IM.Users = append(in.IM.Users, u(fmt.Sprintf("x%d", i), "P", o.Mobile, fmt.Sprintf("i%d", dep)))
		in.UserBindings = append(in.UserBindings, UserBinding{OAKey: o.Key, IMKey: fmt.Sprintf("x%d", i)})
	}
	in.OA.Departments = append(in.OA.Departments, d("o-new", "o7", "新组"))
	in.OA.Users = append(in.OA.Users, u("u-new", "新人", "+8699999", "o-new"))
	return in
}

// Issue 8 item 11 (attack pass): an incremental plan examines only what
// the event or import touched and the departments it needs, and plans for
// them what a full plan would.
func TestIncrementalPlanExaminesOnlyWhatWasTouched(t *testing.T) {
	full := mustPlan(t, focusInput())
	if full.Stats.ExaminedUsers != 1001 || len(full.Changes) < 1000 {
		t.Fatalf("full plan: examined %d users, %d changes", full.Stats.ExaminedUsers, len(full.Changes))
	}
	in := focusInput()
	in.Only = []string{"u-new", "x3"} // an OA user (source key) and an IM user (target key)
	p := mustPlan(t, in)
	if p.Stats.ExaminedUsers != 2 || p.Stats.ExaminedDepartments != 4 {
		t.Errorf("examined %d users and %d departments, want 2 and 4 (o-new, o7, o3 and their parent o0)", p.Stats.ExaminedUsers, p.Stats.ExaminedDepartments)
	}
	want := []string{"create_department o-new>" + provisionalDept("o-new"), "update_user u3>x3", "create_user u-new>" + provisionalUser("u-new")}
	got := lines(p)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("incremental changes %v, want %v", got, want)
	}
	// the same changes as the full plan's, key for key
	keys := map[string]bool{}
	for _, c := range full.Changes {
		keys[c.Key] = true
	}
	for _, c := range p.Changes {
		if !keys[c.Key] {
			t.Errorf("%s %s>%s differs from the full plan's", c.Action, c.Source, c.Target)
		}
	}
	// a touched department brings its binding's checks, not its people
	in.Only = []string{"i7"}
	p = mustPlan(t, in)
	if p.Stats.ExaminedUsers != 0 || len(p.Changes) != 0 {
		t.Errorf("a department touched: %d users examined, changes %v", p.Stats.ExaminedUsers, lines(p))
	}
}
