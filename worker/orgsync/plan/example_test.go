package plan_test

import (
	"fmt"

	"imbridge/worker/orgsync/plan"
)

// The seed's example (003 §4.3.2.2): the OA's top department 演示部门 matches
// the IM's, so does 部门A below it; 部门B is new. 张三 is bound already and
// changed title; 李四 has no binding but the same mobile as an IM account;
// 王五 is new; 赵六 resigned.
func Example() {
	in := plan.Input{
		Profile: plan.Profile{
			Mode:          plan.ModeOAToIM,
			Permission:    plan.ReadWrite,
			CreateUsers:   true,
			AutoBindField: plan.FieldMobile,
			Threshold:     plan.Threshold{Count: 10},
		},
		OA: plan.Directory{
			Departments: []plan.Department{
				{Key: "oa-root", Name: "演示部门"},
				{Key: "oa-a", ParentKey: "oa-root", Name: "部门A", Order: 1},
				{Key: "oa-b", ParentKey: "oa-root", Name: "部门B", Order: 2},
			},
			Users: []plan.User{
				{Key: "zhang", Name: "张三", Mobile: "+8613800000001", Title: "经理", PrimaryDepartment: "oa-a"},
				{Key: "li", Name: "李四", Mobile: "+8613800000002", PrimaryDepartment: "oa-a"},
				{Key: "wang", Name: "王五", Mobile: "+8613800000003", PrimaryDepartment: "oa-b"},
				{Key: "zhao", Name: "赵六", Mobile: "+8613800000004", PrimaryDepartment: "oa-a", State: plan.UserResigned},
			},
		},
		IM: plan.Directory{
			Departments: []plan.Department{
				{Key: "od-1", ParentKey: "0", Name: "演示部门"},
				{Key: "od-2", ParentKey: "od-1", Name: "部门A", Order: 1},
			},
			Users: []plan.User{
				{Key: "u-zhang", Name: "张三", Mobile: "+8613800000001", Title: "专员", PrimaryDepartment: "od-2"},
				{Key: "u-li", Name: "李四", Mobile: "+8613800000002", PrimaryDepartment: "od-2"},
				{Key: "u-zhao", Name: "赵六", Mobile: "+8613800000004", PrimaryDepartment: "od-2"},
			},
		},
		UserBindings: []plan.UserBinding{
			{OAKey: "zhang", IMKey: "u-zhang", Method: plan.BindManual},
			{OAKey: "zhao", IMKey: "u-zhao", Method: plan.BindManual},
		},
	}
	p, err := plan.Make(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range p.Changes {
		fmt.Printf("%s %s (%s)\n", c.Action, c.Name, c.Reason.Code)
		for _, d := range c.Diff {
			fmt.Printf("  %s: %q → %q\n", d.Field, d.Before, d.After)
		}
	}
	for _, n := range p.Tree {
		fmt.Printf("%*s%s (%s)\n", 2*n.Depth, "", n.Name, n.Status)
	}
	fmt.Println("brake tripped:", p.Brake.Tripped)
	// Output:
	// bind_department 演示部门 (matched_by_name)
	// bind_department 部门A (matched_by_name)
	// create_department 部门B (new_in_source)
	// bind_user 李四 (matched_by_field)
	// create_user 王五 (new_in_source)
	//   mobile: "" → "+8613800000003"
	//   name: "" → "王五"
	// update_user 张三 (changed_in_source)
	//   title: "专员" → "经理"
	// disable_user 赵六 (resigned_in_source)
	//   state: "active" → "disabled"
	// 演示部门 (matched)
	//   部门A (matched)
	//   部门B (new)
	// brake tripped: false
}

// The deletion brake: half the OA disappeared since the previous import.
// The plan is complete; the run waits for an admin's approval.
func ExampleMake_brake() {
	in := plan.Input{
		Profile:        plan.Profile{Mode: plan.ModeOAToIM, Permission: plan.ReadWrite, Threshold: plan.Threshold{Count: 1}},
		PreviousImport: &plan.PreviousImport{Users: 4},
		OA: plan.Directory{
			Departments: []plan.Department{{Key: "o1", Name: "公司"}},
			Users: []plan.User{
				{Key: "a", Name: "甲", PrimaryDepartment: "o1"},
				{Key: "b", Name: "乙", PrimaryDepartment: "o1"},
				{Key: "c", Name: "丙", PrimaryDepartment: "o1", State: plan.UserResigned},
				{Key: "d", Name: "丁", PrimaryDepartment: "o1", State: plan.UserResigned},
			},
		},
		IM: plan.Directory{
			Departments: []plan.Department{{Key: "i1", Name: "公司"}},
			Users: []plan.User{
				{Key: "x", Name: "甲", PrimaryDepartment: "i1"}, {Key: "y", Name: "乙", PrimaryDepartment: "i1"},
				{Key: "z", Name: "丙", PrimaryDepartment: "i1"}, {Key: "w", Name: "丁", PrimaryDepartment: "i1"},
			},
		},
		UserBindings:       []plan.UserBinding{{OAKey: "a", IMKey: "x"}, {OAKey: "b", IMKey: "y"}, {OAKey: "c", IMKey: "z"}, {OAKey: "d", IMKey: "w"}},
		DepartmentBindings: []plan.DepartmentBinding{{OAKey: "o1", IMKey: "i1"}},
	}
	p, _ := plan.Make(in)
	fmt.Println(p.Brake.Tripped, len(p.Changes))
	fmt.Println(p.Brake.Reason)
	// Output:
	// true 2
	// the plan disables or deletes 2 of 4 IM users (50.0%), over the threshold of 1 users; the OA has 2 users, 2 fewer than the previous OA import's 4 (50.0%), over the threshold of 1 users: an admin must approve the plan before anything is applied
}

// Undo reverses a finished run from its applied changes, against the
// directories as they are now; deletions are listed, not reversed.
func ExampleUndo() {
	in := plan.Input{
		Profile: plan.Profile{Mode: plan.ModeOAToIM, Permission: plan.ReadWrite},
		IM: plan.Directory{Users: []plan.User{
			{Key: "x", Name: "甲", Title: "经理"},
			{Key: "y", Name: "乙", State: plan.UserDisabled},
		}},
	}
	applied := []plan.Change{
		{Action: plan.ActionUpdateUser, Source: "a", Target: "x", Name: "甲",
			Before: &plan.Snapshot{Fields: map[plan.Field]string{plan.FieldTitle: "专员"}},
			After:  &plan.Snapshot{Fields: map[plan.Field]string{plan.FieldTitle: "经理"}}},
		{Action: plan.ActionDisableUser, Source: "b", Target: "y", Name: "乙"},
		{Action: plan.ActionDeleteUser, Source: "c", Target: "z", Name: "丙"},
	}
	p, err := plan.Undo(in, applied)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range p.Changes {
		fmt.Println(c.Action, c.Target, c.Diff)
	}
	for _, c := range p.Irreversible {
		fmt.Println("not reversible:", c.Action, c.Target)
	}
	// Output:
	// enable_user y [{state disabled active}]
	// update_user x [{title 经理 专员}]
	// not reversible: delete_user z
}
