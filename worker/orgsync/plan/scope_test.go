package plan

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Scope (范围设置, seed 003 §4.2.3 (2)) and "out of scope is not gone".
func TestScope(t *testing.T) {
	// 公司 ─┬ 研发 ── 平台
	//       └ 销售
	oaDepts := []Department{d("o-co", "", "公司"), d("o-rd", "o-co", "研发"), d("o-pf", "o-rd", "平台"), d("o-sa", "o-co", "销售")}
	imDepts := []Department{d("i-co", "", "公司"), d("i-rd", "i-co", "研发"), d("i-pf", "i-rd", "平台"), d("i-sa", "i-co", "销售")}
	deptBinds := []DepartmentBinding{{OAKey: "o-co", IMKey: "i-co"}, {OAKey: "o-rd", IMKey: "i-rd"}, {OAKey: "o-pf", IMKey: "i-pf"}, {OAKey: "o-sa", IMKey: "i-sa"}}
	tests := []struct {
		name   string
		scope  Scope
		oa, im []User
		binds  []UserBinding
		want   []string
		review []string
		check  func(*testing.T, *Plan)
	}{
		{
			name: "nothing set: every department and user is synced (系统默认会将所有部门及用户数据同步)",
			oa:   []User{u("a", "A", "+861", "o-pf"), u("b", "B", "+862", "o-sa")},
			want: []string{"create_user a>new:user:a", "create_user b>new:user:b"},
		},
		{
			name:  "a scoped department brings its subtree; users elsewhere are not created",
			scope: Scope{Departments: []string{"o-rd"}},
			oa:    []User{u("a", "A", "+861", "o-pf"), u("b", "B", "+862", "o-sa"), u("c", "C", "+863", "o-co")},
			// 销售 is bound, outside the scope and empty: it goes (§4.2.3 (2))
			want: []string{"create_user a>new:user:a", "delete_department o-sa>i-sa"},
		},
		{
			name:  "§4.2.3 (2) a bound user outside the scope is removed from the IM, as left_scope, not as a departure",
			scope: Scope{Departments: []string{"o-rd"}},
			oa:    []User{u("b", "B", "+862", "o-sa")},
			im:    []User{u("y", "B", "+862", "i-sa")},
			binds: []UserBinding{{OAKey: "b", IMKey: "y"}},
			want:  []string{"disable_user b>y"},
			// y stays a (disabled) member of 销售, which is therefore kept
			review: []string{"department_not_empty >i-sa"},
			check: func(t *testing.T, p *Plan) {
				c := p.Changes[0]
				if c.Reason.Code != ReasonLeftScope || strings.Contains(c.Reason.Text, "left the company") {
					t.Errorf("reason = %+v, want left_scope and no departure", c.Reason)
				}
				if p.Stats.Users.LeftScope != 1 || p.Stats.Users.Offboarded != 0 {
					t.Errorf("user stats = %+v", p.Stats.Users)
				}
			},
		},
		{
			name:  "UsersInclude adds a user outside the scoped departments, with the chain of its department",
			scope: Scope{Departments: []string{"o-pf"}, UsersInclude: []string{"b"}},
			oa:    []User{u("b", "B", "+862", "o-sa"), u("c", "C", "+863", "o-sa")},
			want:  []string{"create_user b>new:user:b"},
			check: func(t *testing.T, p *Plan) {
				if p.Stats.SourceUsers != 1 {
					t.Errorf("source users = %d, want 1", p.Stats.SourceUsers)
				}
			},
		},
		{
			name:  "UsersInclude alone syncs only those users",
			scope: Scope{UsersInclude: []string{"a"}},
			oa:    []User{u("a", "A", "+861", "o-pf"), u("b", "B", "+862", "o-sa")},
			want:  []string{"create_user a>new:user:a", "delete_department o-sa>i-sa"},
		},
		{
			name:  "UsersExclude wins over UsersInclude and over the departments (排除的优先级高于包含)",
			scope: Scope{Departments: []string{"o-co"}, UsersInclude: []string{"a"}, UsersExclude: []string{"a", "b"}},
			oa:    []User{u("a", "A", "+861", "o-pf"), u("b", "B", "+862", "o-sa"), u("c", "C", "+863", "o-sa")},
			im:    []User{u("y", "B", "+862", "i-sa")},
			binds: []UserBinding{{OAKey: "b", IMKey: "y"}},
			want:  []string{"create_user c>new:user:c", "disable_user b>y"},
		},
		{
			name:  "an excluded unbound user is neither created nor auto-bound",
			scope: Scope{UsersExclude: []string{"a"}},
			oa:    []User{u("a", "A", "+861", "o-pf")},
			im:    []User{u("x", "A", "+861", "i-pf")},
		},
		{
			name:  "an OA user the OA marks out_of_scope is treated as outside the scope",
			oa:    []User{with(u("a", "A", "+861", "o-pf"), func(x *User) { x.State = UserOutOfScope })},
			im:    []User{u("x", "A", "+861", "i-pf")},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:  []string{"disable_user a>x"},
		},
		{
			name:  "§4.2.3 (2) a bound department outside the scope is deleted once empty, bottom-up, after its users leave",
			scope: Scope{Departments: []string{"o-sa"}},
			oa:    []User{u("a", "A", "+861", "o-pf"), u("b", "B", "+862", "o-sa")},
			im:    []User{u("x", "A", "+861", "i-pf"), u("y", "B", "+862", "i-sa")},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}, {OAKey: "b", IMKey: "y"}},
			want:  []string{"disable_user a>x"},
			// 研发/平台 keep x (disabled, still a member): not empty, so kept
			review: []string{"department_not_empty >i-pf", "department_not_empty >i-rd"},
		},
		{
			name:  "part-time departments outside the scope are not synced",
			scope: Scope{Departments: []string{"o-rd"}},
			oa:    []User{with(u("a", "A", "+861", "o-pf"), func(x *User) { x.PartTimeDepartments = []string{"o-sa", "o-rd"} })},
			check: func(t *testing.T, p *Plan) {
				c := find(p, ActionCreateUser, "new:user:a")
				if c == nil || strings.Join(c.After.PartTimeDepartments, ",") != "i-rd" {
					t.Errorf("create = %+v, want part-time i-rd only", c)
				}
			},
			want: []string{"create_user a>new:user:a", "delete_department o-sa>i-sa"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oaToIM()
			p.Scope = tt.scope
			p.IncludePartTime = true
			in := Input{Profile: p, OA: Directory{Departments: oaDepts, Users: tt.oa}, IM: Directory{Departments: imDepts, Users: tt.im},
				UserBindings: tt.binds, DepartmentBindings: deptBinds}
			pl := mustPlan(t, in)
			wantLines(t, "changes", lines(pl), tt.want)
			wantLines(t, "review", reviewLines(pl), tt.review)
			if tt.check != nil {
				tt.check(t, pl)
			}
		})
	}
}

// MoveDisabled empties the departments that left the scope, so they go.
func TestScopeDeletesEmptiedDepartments(t *testing.T) {
	p := oaToIM()
	p.Scope = Scope{Departments: []string{"o-sa"}}
	p.MoveDisabled = true
	in := Input{Profile: p,
		OA: Directory{Departments: []Department{d("o-co", "", "公司"), d("o-rd", "o-co", "研发"), d("o-pf", "o-rd", "平台"), d("o-sa", "o-co", "销售")},
			Users: []User{u("a", "A", "+861", "o-pf")}},
		IM: Directory{Departments: []Department{d("i-co", "", "公司"), d("i-rd", "i-co", "研发"), d("i-pf", "i-rd", "平台"), d("i-sa", "i-co", "销售")},
			Users: []User{u("x", "A", "+861", "i-pf")}},
		UserBindings:       []UserBinding{{OAKey: "a", IMKey: "x"}},
		DepartmentBindings: []DepartmentBinding{{OAKey: "o-co", IMKey: "i-co"}, {OAKey: "o-rd", IMKey: "i-rd"}, {OAKey: "o-pf", IMKey: "i-pf"}, {OAKey: "o-sa", IMKey: "i-sa"}},
	}
	pl := mustPlan(t, in)
	wantLines(t, "changes", lines(pl), []string{
		"create_department >new:disabled",
		"move_user a>x",
		"disable_user a>x",
		"delete_department o-pf>i-pf",
		"delete_department o-rd>i-rd",
	})
	del := find(pl, ActionDeleteDepartment, "i-rd")
	if del.Reason.Code != ReasonLeftScope || len(del.DependsOn) != 1 || del.DependsOn[0] != find(pl, ActionDeleteDepartment, "i-pf").Key {
		t.Errorf("delete 研发 = %+v, want left_scope, after 平台's delete", del)
	}
	if d := find(pl, ActionDeleteDepartment, "i-pf"); d.DependsOn[0] != find(pl, ActionMoveUser, "x").Key {
		t.Errorf("delete 平台 must wait for its user to move: %+v", d.DependsOn)
	}
	a := applier{t: t}
	mustPlanEmpty(t, a.apply(in, pl))
}

// DESIGN "out of scope is not gone": in im_to_oa an IM user or department
// the mirror marks out_of_scope is never disabled or deleted in the OA.
func TestIMToOAOutOfScopeIsNotGone(t *testing.T) {
	for _, off := range []Offboarding{OffboardDisable, OffboardDelete} {
		t.Run(string(off), func(t *testing.T) {
			p := imToOA()
			p.Offboarding = off
			in := Input{Profile: p,
				IM: Directory{Departments: []Department{d("i-co", "", "公司"), {Key: "i-rd", ParentKey: "i-co", Name: "研发", State: DepartmentOutOfScope}},
					Users: []User{with(u("x", "A", "+861", "i-rd"), func(x *User) { x.State = UserOutOfScope }), resigned(u("y", "B", "+862", "i-co"))}},
				OA: Directory{Departments: []Department{d("o-co", "", "公司"), d("o-rd", "o-co", "研发")},
					Users: []User{u("a", "A", "+861", "o-rd"), u("b", "B", "+862", "o-co")}},
				UserBindings:       []UserBinding{{OAKey: "a", IMKey: "x"}, {OAKey: "b", IMKey: "y"}},
				DepartmentBindings: []DepartmentBinding{{OAKey: "o-co", IMKey: "i-co"}, {OAKey: "o-rd", IMKey: "i-rd"}},
			}
			pl := mustPlan(t, in)
			// only y, whom the IM reports resigned, is offboarded in the OA
			want := "disable_user y>b"
			if off == OffboardDelete {
				want = "delete_user y>b"
			}
			wantLines(t, "changes", lines(pl), []string{want})

			// nor does the daily offboarding delete the OA user of an
			// out-of-scope IM user, however long ago it was disabled
			long := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
			in.Profile.DeleteAfterDays = 1
			in.OA.Users[0].State, in.OA.Users[0].DisabledAt = UserDisabled, &long
			off, err := Offboard(in, long.AddDate(5, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			wantLines(t, "offboard", lines(off), nil)
		})
	}
}

func TestScopeUnknownDepartment(t *testing.T) {
	p := oaToIM()
	p.Scope = Scope{Departments: []string{"o-gone"}}
	_, err := Make(Input{Profile: p, OA: Directory{Departments: []Department{d("o1", "", "公司")}}})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "profile.scope.departments[0]" {
		t.Fatalf("err = %v, want an InputError on profile.scope.departments[0]", err)
	}
}

// mustPlanEmpty plans in again and fails if anything would change.
func mustPlanEmpty(t *testing.T, in Input) *Plan {
	t.Helper()
	p := mustPlan(t, in)
	if len(p.Changes) > 0 {
		t.Errorf("planning again after the apply is not empty:\n%s", strings.Join(lines(p), "\n"))
	}
	return p
}
