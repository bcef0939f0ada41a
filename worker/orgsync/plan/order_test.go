package plan

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// mixedInput exercises every phase at once.
func mixedInput() Input {
	p := oaToIM()
	p.MoveDisabled = true
	p.IncludePartTime = true
	return Input{Profile: p,
		OA: Directory{
			Departments: []Department{d("o1", "", "公司"), d("o2", "o1", "研发"), d("o3", "o2", "平台"), d("o4", "o1", "新部门"), d("o5", "o4", "新小组"),
				{Key: "o6", ParentKey: "o1", Name: "撤销部门", State: DepartmentRemoved}, d("o7", "o1", "市场部")},
			Users: []User{
				u("a", "A", "+861", "o3"), // moved 研发 → 平台
				with(u("b", "B2", "+862", "o2"), func(x *User) { x.PartTimeDepartments = []string{"o5"} }), // renamed, part-time in a new department
				resigned(u("c", "C", "+863", "o6")), // left: moved to 已禁用用户 and disabled
				u("d", "D", "+864", "o5"),           // new, in a new department
				u("e", "E", "+865", "o2"),           // auto-bound
				u("f", "F", "+866", "o2"),           // back: re-enabled
			},
		},
		IM: Directory{
			Departments: []Department{d("i1", "", "公司"), d("i2", "i1", "研发"), d("i3", "i1", "平台"), d("i6", "i1", "撤销部门"), d("i7", "i1", "市场")},
			Users: []User{u("xa", "A", "+861", "i2"), u("xb", "B", "+862", "i2"), u("xc", "C", "+863", "i6"), u("xe", "E", "+865", "i2"),
				disabled(u("xf", "F", "+866", "i2"))},
		},
		UserBindings:       []UserBinding{{OAKey: "a", IMKey: "xa"}, {OAKey: "b", IMKey: "xb"}, {OAKey: "c", IMKey: "xc"}, {OAKey: "f", IMKey: "xf"}},
		DepartmentBindings: []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}, {OAKey: "o2", IMKey: "i2"}, {OAKey: "o3", IMKey: "i3"}, {OAKey: "o6", IMKey: "i6"}, {OAKey: "o7", IMKey: "i7"}},
	}
}

// Dependency order (issue 8 item 7): departments top-down, users created,
// updated, moved, then disables, deletes, emptied departments bottom-up.
func TestOrder(t *testing.T) {
	in := mixedInput()
	pl := mustPlan(t, in)
	wantLines(t, "changes", lines(pl), []string{
		"update_department o7>i7",
		"create_department >new:disabled",
		"create_department o4>new:dept:o4",
		"create_department o5>new:dept:o5",
		"move_department o3>i3",
		"bind_user e>xe",
		"enable_user f>xf",
		"create_user d>new:user:d",
		"update_user b>xb",
		"move_user a>xa",
		"move_user b>xb",
		"move_user c>xc",
		"disable_user c>xc",
		"delete_department o6>i6",
	})
	// the moves into new departments wait for their creates
	if m := find(pl, ActionMoveUser, "xb"); !slices.Contains(m.DependsOn, find(pl, ActionCreateDepartment, "new:dept:o5").Key) {
		t.Errorf("move of b does not wait for 新小组: %v", m.DependsOn)
	}
	if c := find(pl, ActionCreateDepartment, "new:dept:o5"); !slices.Equal(c.DependsOn, []string{find(pl, ActionCreateDepartment, "new:dept:o4").Key}) {
		t.Errorf("新小组 does not wait for 新部门: %v", c.DependsOn)
	}
	a := applier{t: t}
	mustPlanEmpty(t, a.apply(in, pl))
}

// Keys are derived from what a change does: the same input in any order
// gives the same plan, and a different After gives a different key.
func TestKeysAreStable(t *testing.T) {
	in := mixedInput()
	first := mustPlan(t, in)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		sh := cloneInput(in)
		r.Shuffle(len(sh.OA.Users), func(i, j int) { sh.OA.Users[i], sh.OA.Users[j] = sh.OA.Users[j], sh.OA.Users[i] })
		r.Shuffle(len(sh.IM.Users), func(i, j int) { sh.IM.Users[i], sh.IM.Users[j] = sh.IM.Users[j], sh.IM.Users[i] })
		r.Shuffle(len(sh.OA.Departments), func(i, j int) {
			sh.OA.Departments[i], sh.OA.Departments[j] = sh.OA.Departments[j], sh.OA.Departments[i]
		})
		r.Shuffle(len(sh.DepartmentBindings), func(i, j int) {
			sh.DepartmentBindings[i], sh.DepartmentBindings[j] = sh.DepartmentBindings[j], sh.DepartmentBindings[i]
		})
		again := mustPlan(t, sh)
		if !slices.Equal(keys(first), keys(again)) {
			t.Fatalf("a shuffled input planned differently:\n%v\n%v", lines(first), lines(again))
		}
	}
	changed := cloneInput(in)
	changed.OA.Users[1].Name = "B3"
	other := mustPlan(t, changed)
	if find(other, ActionUpdateUser, "xb").Key == find(first, ActionUpdateUser, "xb").Key {
		t.Error("a different update has the same key")
	}
	if find(other, ActionMoveUser, "xa").Key != find(first, ActionMoveUser, "xa").Key {
		t.Error("an unrelated change's key moved")
	}
}

func keys(p *Plan) []string {
	out := make([]string, len(p.Changes))
	for i, c := range p.Changes {
		out[i] = c.Key
	}
	return out
}
