package plan

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// brakeInput: n bound users in the OA and the IM, the first `resign`
// resigned in the OA, the next `out` outside the scope.
func brakeInput(n, resign, out int, th Threshold, prev *PreviousRun) Input {
	p := oaToIM()
	p.Threshold = th
	in := Input{Profile: p, Previous: prev,
		OA:                 Directory{Departments: []Department{d("o1", "", "公司"), d("o2", "o1", "研发")}},
		IM:                 Directory{Departments: []Department{d("i1", "", "公司"), d("i2", "i1", "研发")}},
		DepartmentBindings: []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}, {OAKey: "o2", IMKey: "i2"}},
	}
	for i := range n {
		o := u(fmt.Sprintf("o%03d", i), "P", fmt.Sprintf("+86%03d", i), "o2")
		if i < resign {
			o.State = UserResigned
		} else if i < resign+out {
			p.Scope.UsersExclude = append(p.Scope.UsersExclude, o.Key)
		}
		in.OA.Users = append(in.OA.Users, o)
		in.IM.Users = append(in.IM.Users, u(fmt.Sprintf("i%03d", i), "P", o.Mobile, "i2"))
		in.UserBindings = append(in.UserBindings, UserBinding{OAKey: o.Key, IMKey: fmt.Sprintf("i%03d", i)})
	}
	in.Profile = p
	return in
}

// withImport sets the previous OA import's head count.
func withImport(in Input, users int) Input {
	in.PreviousImport = &PreviousImport{Users: users}
	return in
}

// The deletion brake (issue 8 item 6; seed 003 §4.2.3 (3) 用户减少数量阈值).
func TestBrake(t *testing.T) {
	tests := []struct {
		name    string
		in      Input
		tripped bool
		reason  []string // substrings of the reason
	}{
		{"disables over the count trip it", brakeInput(100, 11, 0, Threshold{Count: 10}, nil), true, []string{"disables or deletes 11 of 100", "10 users"}},
		{"exactly the count does not (more than x)", brakeInput(100, 10, 0, Threshold{Count: 10}, nil), false, nil},
		{"disables over the percentage trip it", brakeInput(100, 6, 0, Threshold{Percent: 5}, nil), true, []string{"6.0%", "5%"}},
		{"exactly the percentage does not", brakeInput(100, 5, 0, Threshold{Percent: 5}, nil), false, nil},
		{"unset thresholds never trip", brakeInput(100, 90, 0, Threshold{}, nil), false, nil},
		{
			"§4.2.3 (3) the OA has more than x fewer people than at the previous OA import",
			withImport(brakeInput(100, 0, 0, Threshold{Count: 10}, nil), 120), true,
			[]string{"the OA has 100 users, 20 fewer than the previous OA import's 120"},
		},
		{"a shrink within the threshold does not", withImport(brakeInput(100, 0, 0, Threshold{Count: 10}, nil), 110), false, nil},
		{"growth is no shrink", withImport(brakeInput(100, 0, 0, Threshold{Count: 1}, nil), 50), false, nil},
		{
			// The previous sync saw 200 people; the OA import before this
			// run had 100, as now: no one left the OA since its last import.
			"oa_to_im ignores the previous run's count: the OA import is the basis",
			withImport(brakeInput(100, 0, 0, Threshold{Count: 10}, &PreviousRun{SourceUsers: 200}), 100), false, nil,
		},
		{
			// 30 excluded from the scope: the previous import counted them
			// and so does the OA now (they did not leave the company).
			"a scope change is not a shrink of the OA",
			withImport(brakeInput(100, 0, 30, Threshold{Count: 50}, nil), 100), false, nil,
		},
		{
			"resigned people count as gone from the OA",
			withImport(brakeInput(100, 15, 0, Threshold{Count: 20, Percent: 10}, nil), 100), true,
			[]string{"the OA has 85 users, 15 fewer than the previous OA import's 100 (15.0%)"},
		},
		{
			"a scope change reports left scope, not left the company",
			brakeInput(100, 2, 20, Threshold{Count: 10}, nil), true,
			[]string{"disables or deletes 22 of 100", "20 of them only left the sync scope, not the company"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := mustPlan(t, tt.in)
			if pl.Brake.Tripped != tt.tripped {
				t.Fatalf("tripped = %v (%s), want %v; counts %+v", pl.Brake.Tripped, pl.Brake.Reason, tt.tripped, pl.Brake.Counts)
			}
			for _, s := range tt.reason {
				if !strings.Contains(pl.Brake.Reason, s) {
					t.Errorf("reason %q lacks %q", pl.Brake.Reason, s)
				}
			}
			// a tripped brake still returns the whole plan, for approval
			if n := pl.Brake.Counts.Disable + pl.Brake.Counts.Delete; n != pl.Stats.Changes[ActionDisableUser]+pl.Stats.Changes[ActionDeleteUser] {
				t.Errorf("brake counts %+v do not match the plan %v", pl.Brake.Counts, pl.Stats.Changes)
			}
		})
	}
}

// read_only (接口权限-只读, seed 003 §4.2 (2); issue 8 item 2) refuses every
// plan that writes to the IM, with a clear error; bind-only plans and OA
// targets are not IM writes.
func TestReadOnly(t *testing.T) {
	base := Input{
		OA: Directory{Departments: []Department{d("o1", "", "公司"), d("o2", "o1", "新部门")}, Users: []User{u("a", "A", "+861", "o1"), u("b", "B", "+862", "o2")}},
		IM: Directory{Departments: []Department{d("i1", "", "公司")}, Users: []User{u("x", "A", "+861", "i1")}},
	}
	t.Run("oa_to_im with writes: refused, counted, nothing planned", func(t *testing.T) {
		for _, perm := range []Permission{ReadOnly, ""} {
			in := base
			in.Profile = oaToIM()
			in.Profile.Permission = perm
			pl, err := Make(in)
			var ro *ReadOnlyError
			if !errors.As(err, &ro) || pl != nil {
				t.Fatalf("permission %q: plan %v, err %v; want *ReadOnlyError and no plan", perm, pl, err)
			}
			if ro.Writes[ActionCreateDepartment] != 1 || ro.Writes[ActionCreateUser] != 1 || ro.Writes[ActionBindUser] != 0 {
				t.Errorf("writes = %v", ro.Writes)
			}
			if !strings.Contains(err.Error(), "read_only") || !strings.Contains(err.Error(), "read_write") {
				t.Errorf("message does not say why and what to change: %v", err)
			}
		}
	})
	t.Run("oa_to_im that only binds is allowed", func(t *testing.T) {
		in := base
		in.OA.Departments = base.OA.Departments[:1]
		in.OA.Users = base.OA.Users[:1]
		in.Profile = oaToIM()
		in.Profile.Permission = ReadOnly
		wantLines(t, "changes", lines(mustPlan(t, in)), []string{"bind_department o1>i1", "bind_user a>x"})
	})
	t.Run("im_to_oa writes to the OA, not the IM: allowed", func(t *testing.T) {
		in := base
		in.Profile = imToOA()
		in.Profile.Permission = ReadOnly
		mustPlan(t, in)
	})
	t.Run("Offboard and Undo are refused too", func(t *testing.T) {
		in := brakeInput(3, 1, 0, Threshold{}, nil)
		in.Profile.Permission = ReadOnly
		in.Profile.DeleteAfterDays = 1
		long := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		in.IM.Users[0].State, in.IM.Users[0].DisabledAt = UserDisabled, &long
		var ro *ReadOnlyError
		if _, err := Offboard(in, long.AddDate(1, 0, 0)); !errors.As(err, &ro) || ro.Writes[ActionDeleteUser] != 1 {
			t.Errorf("Offboard: err = %v", err)
		}
		if _, err := Undo(in, []Change{{Action: ActionDisableUser, Source: "o000", Target: "i000", Name: "P"}}); !errors.As(err, &ro) {
			t.Errorf("Undo: err = %v", err)
		}
	})
}
