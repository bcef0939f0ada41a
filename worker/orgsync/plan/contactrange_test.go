package plan

import (
	"slices"
	"strings"
	"testing"
)

// rangeInput: IM departments i1 (in the app's contact range) and i2 (not);
// the OA matches both by name and has a new department under each.
func rangeInput(r *ContactRange) Input {
	p := oaToIM()
	return Input{
		Profile: p,
		IMRange: r,
		OA: Directory{
			Departments: []Department{d("o1", "", "公司A"), d("o2", "", "公司B"), d("o3", "o1", "新部门"), d("o4", "o2", "新部门二")},
			Users: []User{
				with(u("a", "甲", "+861", "o1"), func(x *User) { x.Title = "经理" }),
				with(u("b", "乙", "+862", "o2"), func(x *User) { x.Title = "经理" }),
				u("c", "丙", "+863", "o4"),
				u("e", "戊", "+865", "o3"),
				u("f", "己", "+866", "o1"),
				resigned(u("g", "庚", "+867", "o1")),
			},
		},
		IM: Directory{
			Departments: []Department{d("i1", "", "公司A"), d("i2", "", "公司B")},
			Users: []User{
				u("x", "甲", "+861", "i1"), u("y", "乙", "+862", "i2"),
				u("z", "己", "+866", "i2"), u("w", "庚", "+867", "i2"),
			},
		},
		UserBindings: []UserBinding{{OAKey: "a", IMKey: "x"}, {OAKey: "b", IMKey: "y"}, {OAKey: "f", IMKey: "z"}, {OAKey: "g", IMKey: "w"}},
	}
}

// Issue 8 attack pass: the dry run must predict the apply. Nothing outside
// the app's contact range (通讯录权限范围) is planned — it would fail with
// Feishu 40004 / 41050 — and each such thing is listed for review as
// "outside the app's contact range".
func TestContactRangeLimitsThePlan(t *testing.T) {
	outside := []string{"y", "z", "w", "i2", provisionalDept("o4")}
	touches := func(p *Plan) []string {
		var hit []string
		for _, c := range p.Changes {
			if !c.Action.Writes() {
				continue
			}
			keys := []string{c.Target}
			if c.After != nil {
				keys = append(keys, c.After.ParentKey, c.After.PrimaryDepartment)
				keys = append(keys, c.After.PartTimeDepartments...)
			}
			for _, k := range keys {
				if slices.Contains(outside, k) {
					hit = append(hit, string(c.Action)+" "+c.Target)
				}
			}
		}
		return hit
	}
	t.Run("without a range every write is planned (the test can fail)", func(t *testing.T) {
		for _, r := range []*ContactRange{nil, {All: true}} {
			if hit := touches(mustPlan(t, rangeInput(r))); len(hit) < 4 {
				t.Fatalf("range %+v: writes outside %v, want the update, move, disable and create", r, hit)
			}
		}
	})
	t.Run("a range of i1: nothing outside it is written, each listed", func(t *testing.T) {
		p := mustPlan(t, rangeInput(&ContactRange{Departments: []string{"i1"}}))
		if hit := touches(p); len(hit) > 0 {
			t.Fatalf("writes outside the range: %v\n%s", hit, strings.Join(lines(p), "\n"))
		}
		var got []string
		for _, r := range p.Review {
			if r.Kind == ReviewOutsideContactRange {
				got = append(got, r.Source+">"+r.Target)
				if !strings.Contains(r.Text, "通讯录权限范围") {
					t.Errorf("review text %q does not name the contact range", r.Text)
				}
			}
		}
		slices.Sort(got)
		want := []string{"b>y", "c>", "f>z", "g>w", "o4>"} // o2 matches i2 and needs no write; o4 would be created in it
		if !slices.Equal(got, want) {
			t.Errorf("outside the range: %v, want %v\nall review: %v", got, want, reviewLines(p))
		}
		// inside the range the plan goes on as usual
		for _, w := range []string{"update_user a>x", "create_department o3>" + provisionalDept("o3"), "create_user e>" + provisionalUser("e")} {
			if !slices.Contains(lines(p), w) {
				t.Errorf("plan lacks %q: %v", w, lines(p))
			}
		}
	})
	t.Run("the root needs all members: no top-level create, no user at the root", func(t *testing.T) {
		in := rangeInput(&ContactRange{Departments: []string{"i1", "i2"}})
		in.Profile.TopDepartment = "i1"
		in.OA.Users = append(in.OA.Users, u("h", "辛", "+868", ""))
		p := mustPlan(t, in)
		for _, c := range p.Changes {
			if c.Action == ActionCreateDepartment && c.After.ParentKey == "" {
				t.Errorf("a department created at the root: %+v", c)
			}
		}
		in.Profile.TopDepartment = ""
		p = mustPlan(t, in)
		if c := find(p, ActionCreateUser, provisionalUser("h")); c != nil {
			t.Errorf("a user created at the root without all members: %+v", c)
		}
		if !slices.Contains(reviewLines(p), "outside_contact_range h>") {
			t.Errorf("h not listed: %v", reviewLines(p))
		}
	})
	t.Run("users granted one by one are in range", func(t *testing.T) {
		p := mustPlan(t, rangeInput(&ContactRange{Departments: []string{"i1"}, Users: []string{"y"}}))
		if find(p, ActionUpdateUser, "y") == nil {
			t.Errorf("y is in range by itself: %v", lines(p))
		}
	})
}
