package plan

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// Undo (issue 8 item 8): a finished run reversed where it can be, from
// its recorded changes.
func TestUndo(t *testing.T) {
	in := mixedInput()
	in.Profile.Offboarding = OffboardDisable
	run := mustPlan(t, in)
	a := applier{t: t, now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	after := a.apply(in, run)
	applied := resolvedByApplier(t, run, after)

	undo, err := Undo(after, applied)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, undo)
	wantLines(t, "undo", lines(undo), []string{
		"unbind_user e>xe",
		"update_department o7>i7",
		"move_department o3>i3",
		"enable_user c>xc",
		"update_user b>xb",
		"move_user d>U4", // the created user leaves for the disabled-users department…
		"move_user a>xa",
		"move_user b>xb",
		"disable_user d>U4",
		"disable_user f>xf",
		"delete_department o5>T3", // …so the departments the run created are empty and go
		"delete_department o4>T2",
	})
	wantLines(t, "irreversible", lines(&Plan{Changes: undo.Irreversible}), []string{"delete_department o6>i6"})
	// c cannot go back into 撤销部门, which the run deleted, so the
	// disabled-users department the run created keeps c (and the created
	// user, disabled and moved there) and stays
	wantLines(t, "review", reviewLines(undo), []string{"changed_since c>xc", "department_not_empty >T1"})

	// Applying the undo restores the IM to where it was, except what
	// cannot come back (the deleted 撤销部门) and what undo keeps on
	// purpose (the created user, disabled; the disabled-users department).
	back := a.apply(after, undo)
	for _, x := range in.IM.Users {
		y := userByKey(back.IM.Users, x.Key)
		if y.Name != x.Name || state(y) != state(&x) || y.PrimaryDepartment != x.PrimaryDepartment || !slices.Equal(y.PartTimeDepartments, x.PartTimeDepartments) {
			if x.Key == "xc" && y.PrimaryDepartment == "T1" && y.State == UserActive {
				continue
			}
			t.Errorf("user %s after undo = %+v, before the run %+v", x.Key, y, x)
		}
	}
	for _, x := range in.IM.Departments {
		y := deptByKey(back.IM.Departments, x.Key)
		if x.Key == "i6" {
			if y.State != DepartmentRemoved {
				t.Errorf("the deleted department came back: %+v", y)
			}
			continue
		}
		if y.Name != x.Name || y.ParentKey != x.ParentKey || y.State != x.State {
			t.Errorf("department %s after undo = %+v, before %+v", x.Key, y, x)
		}
	}
}

// resolvedByApplier maps provisional keys through the bindings and
// departments the applier created.
func resolvedByApplier(t *testing.T, p *Plan, after Input) []Change {
	t.Helper()
	real := map[string]string{}
	for _, b := range after.DepartmentBindings {
		real[provisionalDept(b.OAKey)] = b.IMKey
	}
	for _, b := range after.UserBindings {
		real[provisionalUser(b.OAKey)] = b.IMKey
	}
	for _, x := range after.IM.Departments {
		if x.Name == DefaultDisabledDepartmentName {
			real[disabledDepartmentKey] = x.Key
		}
	}
	res := func(k string) string {
		if r, ok := real[k]; ok {
			return r
		}
		if IsProvisional(k) {
			t.Fatalf("no real key for %s", k)
		}
		return k
	}
	out := slices.Clone(p.Changes)
	for i := range out {
		c := &out[i]
		c.Target = res(c.Target)
		for _, s := range []**Snapshot{&c.Before, &c.After} {
			if *s == nil {
				continue
			}
			x := **s
			x.ParentKey, x.PrimaryDepartment = res(x.ParentKey), res(x.PrimaryDepartment)
			x.PartTimeDepartments = nil
			for _, k := range (**s).PartTimeDepartments {
				x.PartTimeDepartments = append(x.PartTimeDepartments, res(k))
			}
			*s = &x
		}
	}
	return out
}

func userByKey(us []User, k string) *User {
	for i := range us {
		if us[i].Key == k {
			return &us[i]
		}
	}
	return &User{}
}

func deptByKey(ds []Department, k string) *Department {
	for i := range ds {
		if ds[i].Key == k {
			return &ds[i]
		}
	}
	return &Department{}
}

func TestUndoRules(t *testing.T) {
	dir := Input{Profile: oaToIM(),
		IM: Directory{Departments: []Department{d("i1", "", "公司"), d("i2", "i1", "研发")},
			Users: []User{with(u("x", "A", "+861", "i2"), func(x *User) { x.Title = "经理" }), u("y", "B", "+862", "i1")}},
	}
	update := Change{Action: ActionUpdateUser, Source: "a", Target: "x", Name: "A",
		Before: &Snapshot{Fields: map[Field]string{FieldTitle: "专员", FieldMobile: "+860"}},
		After:  &Snapshot{Fields: map[Field]string{FieldTitle: "经理", FieldMobile: "+869"}}}
	tests := []struct {
		name    string
		profile func(*Profile)
		applied []Change
		want    []string
		review  []string
		irrev   []string
	}{
		{
			name:    "an update goes back field by field; a field changed since is kept and listed",
			applied: []Change{update},
			want:    []string{"update_user a>x"},
			review:  []string{"changed_since a>x"},
		},
		{
			name:    "a created user is deleted under offboarding delete",
			profile: func(p *Profile) { p.Offboarding = OffboardDelete },
			applied: []Change{{Action: ActionCreateUser, Source: "b", Target: "y", Name: "B", After: &Snapshot{State: UserActive}}},
			want:    []string{"delete_user b>y"},
		},
		{
			name:    "a created department that is not empty after the undo is kept and listed",
			applied: []Change{{Action: ActionCreateDepartment, Source: "o2", Target: "i2", Name: "研发", After: &Snapshot{Name: "研发", ParentKey: "i1"}}},
			review:  []string{"department_not_empty >i2"},
		},
		{
			name:    "deletions are not reversible",
			applied: []Change{{Action: ActionDeleteUser, Source: "c", Target: "z", Name: "C"}, {Action: ActionDeleteDepartment, Source: "o9", Target: "i9", Name: "旧"}},
			irrev:   []string{"delete_user c>z", "delete_department o9>i9"},
		},
		{
			name:    "a move changed since is not undone",
			applied: []Change{{Action: ActionMoveUser, Source: "a", Target: "x", Name: "A", Before: &Snapshot{PrimaryDepartment: "i1"}, After: &Snapshot{PrimaryDepartment: "i1"}}},
			review:  []string{"changed_since a>x"},
		},
		{
			name:    "binds are unbound",
			applied: []Change{{Action: ActionBindUser, Source: "a", Target: "x", Name: "A", Method: BindAuto}, {Action: ActionBindDepartment, Source: "o2", Target: "i2", Name: "研发"}},
			want:    []string{"unbind_department o2>i2", "unbind_user a>x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := dir
			in.Profile = oaToIM()
			if tt.profile != nil {
				tt.profile(&in.Profile)
			}
			pl, err := Undo(in, tt.applied)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, pl)
			wantLines(t, "changes", lines(pl), tt.want)
			wantLines(t, "review", reviewLines(pl), tt.review)
			wantLines(t, "irreversible", lines(&Plan{Changes: pl.Irreversible}), tt.irrev)
		})
	}
	t.Run("the reverted update restores exactly the before-values", func(t *testing.T) {
		pl, _ := Undo(dir, []Change{update})
		c := pl.Changes[0]
		if len(c.After.Fields) != 1 || c.After.Fields[FieldTitle] != "专员" || c.Before.Fields[FieldTitle] != "经理" {
			t.Errorf("undo update = %+v → %+v", c.Before, c.After)
		}
	})
	t.Run("a provisional key is refused", func(t *testing.T) {
		_, err := Undo(dir, []Change{{Action: ActionCreateUser, Target: "new:user:a"}})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != "applied[0].target" {
			t.Errorf("err = %v", err)
		}
	})
}
