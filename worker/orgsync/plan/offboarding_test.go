package plan

import (
	"strings"
	"testing"
	"time"
)

// Offboarding (离职用户处理方式, 禁用成员是否移动到统一部门, seed 003 §4.2.3 (1)).
func TestOffboarding(t *testing.T) {
	oaDepts := []Department{d("o1", "", "公司"), d("o2", "o1", "研发")}
	imDepts := []Department{d("i1", "", "公司"), d("i2", "i1", "研发")}
	deptBinds := []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}, {OAKey: "o2", IMKey: "i2"}}
	tests := []struct {
		name    string
		profile func(*Profile)
		oa, im  []User
		binds   []UserBinding
		want    []string
		check   func(*testing.T, *Plan)
	}{
		{
			name:  "resigned in the OA, default: the IM account is disabled (禁用)",
			oa:    []User{resigned(u("a", "A", "+861", "o2"))},
			im:    []User{u("x", "A", "+861", "i2")},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:  []string{"disable_user a>x"},
			check: func(t *testing.T, p *Plan) {
				if c := p.Changes[0]; c.Reason.Code != ReasonResigned || !strings.Contains(c.Reason.Text, "left the company") {
					t.Errorf("reason = %+v", c.Reason)
				}
			},
		},
		{
			name:    "resigned, profile delete (删除): the IM account is deleted",
			profile: func(p *Profile) { p.Offboarding = OffboardDelete },
			oa:      []User{resigned(u("a", "A", "+861", "o2"))},
			im:      []User{disabled(u("x", "A", "+861", "i2"))},
			binds:   []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:    []string{"delete_user a>x"},
		},
		{
			name:  "removed from the OA directory: disabled, with reason removed",
			oa:    []User{with(u("a", "A", "+861", "o2"), func(x *User) { x.State = UserRemoved })},
			im:    []User{u("x", "A", "+861", "i2")},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:  []string{"disable_user a>x"},
			check: func(t *testing.T, p *Plan) {
				if p.Changes[0].Reason.Code != ReasonRemoved {
					t.Errorf("reason = %s", p.Changes[0].Reason.Code)
				}
			},
		},
		{
			name:    "MoveDisabled: moved into 已禁用用户, created once under the top department, then disabled",
			profile: func(p *Profile) { p.MoveDisabled = true },
			oa:      []User{resigned(u("a", "A", "+861", "o2")), resigned(u("b", "B", "+862", "o2"))},
			im:      []User{u("x", "A", "+861", "i2"), with(u("y", "B", "+862", "i2"), func(x *User) { x.PartTimeDepartments = []string{"i1"} })},
			binds:   []UserBinding{{OAKey: "a", IMKey: "x"}, {OAKey: "b", IMKey: "y"}},
			want:    []string{"create_department >new:disabled", "move_user a>x", "move_user b>y", "disable_user a>x", "disable_user b>y"},
			check: func(t *testing.T, p *Plan) {
				c := find(p, ActionCreateDepartment, "new:disabled")
				if c.After.Name != DefaultDisabledDepartmentName || c.After.ParentKey != "" {
					t.Errorf("disabled department = %+v", c.After)
				}
				m := find(p, ActionMoveUser, "y")
				if m.After.PrimaryDepartment != "new:disabled" || len(m.After.PartTimeDepartments) != 0 || m.DependsOn[0] != c.Key {
					t.Errorf("move = %+v, want only the disabled department, after its create", m)
				}
			},
		},
		{
			name: "MoveDisabled with a custom name reuses the existing department",
			profile: func(p *Profile) {
				p.MoveDisabled, p.DisabledDepartmentName = true, "离职人员"
			},
			oa:    []User{resigned(u("a", "A", "+861", "o2"))},
			im:    []User{u("x", "A", "+861", "i2")},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:  []string{"move_user a>x", "disable_user a>x"},
			check: func(t *testing.T, p *Plan) {
				if m := find(p, ActionMoveUser, "x"); m.After.PrimaryDepartment != "i-gone" {
					t.Errorf("moved to %q, want the existing i-gone", m.After.PrimaryDepartment)
				}
			},
		},
		{
			name:    "MoveDisabled with offboarding delete: deleted, not moved",
			profile: func(p *Profile) { p.MoveDisabled, p.Offboarding = true, OffboardDelete },
			oa:      []User{resigned(u("a", "A", "+861", "o2"))},
			im:      []User{u("x", "A", "+861", "i2")},
			binds:   []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:    []string{"delete_user a>x"},
		},
		{
			name:    "already disabled (and in the disabled department): nothing to do",
			profile: func(p *Profile) { p.MoveDisabled = true },
			oa:      []User{resigned(u("a", "A", "+861", "o2"))},
			im:      []User{disabled(u("x", "A", "+861", "i-gone"))},
			binds:   []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:    nil,
		},
		{
			name:    "suspended in the OA (disabled, not resigned): disabled in the IM, not moved",
			oa:      []User{disabled(u("a", "A", "+861", "o2"))},
			im:      []User{u("x", "A", "+861", "i2")},
			binds:   []UserBinding{{OAKey: "a", IMKey: "x"}},
			profile: func(p *Profile) { p.MoveDisabled = true },
			want:    []string{"disable_user a>x"},
			check: func(t *testing.T, p *Plan) {
				if p.Changes[0].Reason.Code != ReasonDisabledInSource || p.Brake.Counts.Disable != 1 {
					t.Errorf("reason %s, brake %+v", p.Changes[0].Reason.Code, p.Brake.Counts)
				}
			},
		},
		{
			name: "resigned and never bound: nothing (the IM account with the mobile is not touched)",
			oa:   []User{resigned(u("a", "A", "+861", "o2"))},
			im:   []User{u("x", "A", "+861", "i2")},
		},
		{
			name:  "DESIGN: absence is not removal — a bound OA user missing from the OA directory changes nothing",
			im:    []User{u("x", "A", "+861", "i2")},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}},
		},
		{
			name:  "the IM account is already deleted: nothing",
			oa:    []User{resigned(u("a", "A", "+861", "o2"))},
			im:    []User{resigned(u("x", "A", "+861", "i2"))},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oaToIM()
			if tt.profile != nil {
				tt.profile(&p)
			}
			im := imDepts
			if p.MoveDisabled && p.DisabledDepartmentName == "离职人员" || strings.Contains(tt.name, "already disabled") {
				name := p.DisabledDepartmentName
				if name == "" {
					name = DefaultDisabledDepartmentName
				}
				im = append(append([]Department(nil), imDepts...), d("i-gone", "", name))
			}
			in := Input{Profile: p, OA: Directory{Departments: oaDepts, Users: tt.oa}, IM: Directory{Departments: im, Users: tt.im},
				UserBindings: tt.binds, DepartmentBindings: deptBinds}
			pl := mustPlan(t, in)
			wantLines(t, "changes", lines(pl), tt.want)
			if tt.check != nil {
				tt.check(t, pl)
			}
		})
	}
}

// A department removed in the OA is deleted in the IM once its users are
// gone; one holding an IM-only user stays and is listed.
func TestRemovedDepartments(t *testing.T) {
	p := oaToIM()
	p.Offboarding = OffboardDelete
	in := Input{Profile: p,
		OA: Directory{Departments: []Department{d("o1", "", "公司"), {Key: "o2", ParentKey: "o1", Name: "旧部门", State: DepartmentRemoved},
			{Key: "o3", ParentKey: "o2", Name: "旧小组", State: DepartmentRemoved}, {Key: "o4", ParentKey: "o1", Name: "另一个", State: DepartmentRemoved}},
			Users: []User{resigned(u("a", "A", "+861", "o3"))}},
		IM: Directory{Departments: []Department{d("i1", "", "公司"), d("i2", "i1", "旧部门"), d("i3", "i2", "旧小组"), d("i4", "i1", "另一个")},
			Users: []User{u("x", "A", "+861", "i3"), u("im-only", "IM", "+869", "i4")}},
		UserBindings:       []UserBinding{{OAKey: "a", IMKey: "x"}},
		DepartmentBindings: []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}, {OAKey: "o2", IMKey: "i2"}, {OAKey: "o3", IMKey: "i3"}, {OAKey: "o4", IMKey: "i4"}},
	}
	pl := mustPlan(t, in)
	wantLines(t, "changes", lines(pl), []string{"delete_user a>x", "delete_department o3>i3", "delete_department o2>i2"})
	wantLines(t, "review", reviewLines(pl), []string{"department_not_empty >i4"})
	if c := find(pl, ActionDeleteDepartment, "i2"); c.Reason.Code != ReasonRemoved {
		t.Errorf("reason = %s", c.Reason.Code)
	}
	a := applier{t: t}
	mustPlanEmpty(t, a.apply(in, pl))
}

// 禁用用户几天后删除 (seed 003 §4.2.3 (1); issue 8 item 9): Offboard deletes
// users disabled at least N days ago, through the same brake.
func TestOffboardAfterDays(t *testing.T) {
	now := time.Date(2025, 6, 30, 3, 0, 0, 0, time.UTC)
	ago := func(days int) *time.Time { t := now.AddDate(0, 0, -days); return &t }
	dis := func(x User, at *time.Time) User { x.State, x.DisabledAt = UserDisabled, at; return x }
	oa := []User{
		resigned(u("a", "A", "", "o1")), // disabled 8 days ago → deleted
		resigned(u("b", "B", "", "o1")), // 6 days ago → kept
		resigned(u("c", "C", "", "o1")), // exactly 7 days → deleted
		disabled(u("d", "D", "", "o1")), // suspended in the OA, not left → kept
		resigned(u("e", "E", "", "o1")), // disable date unknown → kept
		u("f", "F", "", "o-out"),        // left the scope 30 days ago → deleted
		resigned(u("g", "G", "", "o1")), // still active in the IM → kept
	}
	im := []User{dis(u("xa", "A", "", "i1"), ago(8)), dis(u("xb", "B", "", "i1"), ago(6)), dis(u("xc", "C", "", "i1"), ago(7)),
		dis(u("xd", "D", "", "i1"), ago(30)), dis(u("xe", "E", "", "i1"), nil), dis(u("xf", "F", "", "i1"), ago(30)), u("xg", "G", "", "i1")}
	var binds []UserBinding
	for _, k := range "abcdefg" {
		binds = append(binds, UserBinding{OAKey: string(k), IMKey: "x" + string(k)})
	}
	p := oaToIM()
	p.DeleteAfterDays = 7
	p.Scope = Scope{Departments: []string{"o1"}}
	p.Threshold = Threshold{Count: 2}
	in := Input{Profile: p, OA: Directory{Departments: []Department{d("o1", "", "公司"), d("o-out", "", "外部")}, Users: oa},
		IM: Directory{Departments: []Department{d("i1", "", "公司")}, Users: im}, UserBindings: binds}
	pl, err := Offboard(in, now)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, pl)
	wantLines(t, "changes", lines(pl), []string{"delete_user a>xa", "delete_user c>xc", "delete_user f>xf"})
	if c := find(pl, ActionDeleteUser, "xa"); c.Reason.Code != ReasonDisabledLongAgo || !strings.Contains(c.Reason.Text, "2025-06-22") {
		t.Errorf("reason = %+v, want the disable date", c.Reason)
	}
	if !pl.Brake.Tripped || pl.Brake.Counts.Delete != 3 {
		t.Errorf("brake = %+v, want tripped by 3 deletes over 2", pl.Brake)
	}

	p.DeleteAfterDays = 0
	in.Profile = p
	if pl, err := Offboard(in, now); err != nil || len(pl.Changes) != 0 {
		t.Errorf("DeleteAfterDays 0 (不删除) planned %v, %v", lines(pl), err)
	}
}
