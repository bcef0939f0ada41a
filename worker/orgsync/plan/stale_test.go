package plan

import (
	"slices"
	"testing"
	"time"
)

// Issue 8 attack pass: a bound IM account the IM no longer knows (the
// mirror marks it removed: Feishu answered "no such user", 41012) is never
// re-enabled, restored or updated — each would fail. The seed makes a
// deleted member added again a new member (§4.2.3 (1)), so the stale
// binding goes and a new account is created; without user creation the
// person is listed for review.
func TestStaleBindingGetsANewAccount(t *testing.T) {
	in := Input{
		Profile: oaToIM(),
		OA: Directory{Departments: []Department{d("o1", "", "公司")},
			Users: []User{with(u("a", "甲", "+861", "o1"), func(x *User) { x.Title = "经理" }), u("b", "乙", "+862", "o1")}},
		IM: Directory{Departments: []Department{d("i1", "", "公司")},
			Users: []User{with(u("x", "甲", "+861", "i1"), func(x *User) { x.State = UserRemoved }),
				with(u("y", "乙", "+862", "i1"), func(x *User) { x.State = UserResigned })}},
		UserBindings: []UserBinding{{OAKey: "a", IMKey: "x"}, {OAKey: "b", IMKey: "y"}},
	}
	p := mustPlan(t, in)
	got := lines(p)
	for _, w := range []string{"unbind_user a>x", "create_user a>" + provisionalUser("a"), "restore_user b>y"} {
		if !slices.Contains(got, w) {
			t.Errorf("plan lacks %q: %v", w, got)
		}
	}
	for _, c := range p.Changes {
		if c.Target == "x" && c.Action.Writes() {
			t.Errorf("a write to the account the IM does not know: %s", c.Action)
		}
	}
	if c := find(p, ActionCreateUser, provisionalUser("a")); c == nil || c.Reason.Code != ReasonStaleBinding {
		t.Errorf("the new account's reason: %+v", c)
	}
	in.Profile.CreateUsers = false
	p = mustPlan(t, in)
	if slices.ContainsFunc(p.Changes, func(c Change) bool { return c.Source == "a" }) {
		t.Errorf("changes for a without user creation: %v", lines(p))
	}
	if !slices.Contains(reviewLines(p), "bound_target_missing a>x") {
		t.Errorf("review %v lacks a's stale binding", reviewLines(p))
	}
}

// A removed IM account the platform can still restore (removed inside its
// restore window, Input.IMRestoreSince; Feishu: 30 days) comes back as the
// same account: a rehire is not a second account (issue 8). Removed before
// the window, or on a platform that cannot restore (zero), it is replaced.
func TestRemovedAccountIsRestoredInsideTheWindow(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	removed := func(at time.Time) Input {
		return Input{
			Profile: oaToIM(),
			OA:      Directory{Departments: []Department{d("o1", "", "公司")}, Users: []User{u("a", "甲", "+861", "o1")}},
			IM: Directory{Departments: []Department{d("i1", "", "公司")},
				Users: []User{with(u("x", "甲", "+861", "i1"), func(x *User) { x.State = UserRemoved; x.RemovedAt = &at })}},
			UserBindings: []UserBinding{{OAKey: "a", IMKey: "x"}},
		}
	}
	for _, tc := range []struct {
		name    string
		removed time.Time
		since   time.Time
		want    string
	}{
		{"inside the window", now.Add(-29 * 24 * time.Hour), now.Add(-30 * 24 * time.Hour), "restore_user a>x"},
		{"at the window's start", now.Add(-30 * 24 * time.Hour), now.Add(-30 * 24 * time.Hour), "restore_user a>x"},
		{"before the window", now.Add(-31 * 24 * time.Hour), now.Add(-30 * 24 * time.Hour), "unbind_user a>x"},
		{"no restore on the platform", now.Add(-time.Hour), time.Time{}, "unbind_user a>x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := removed(tc.removed)
			in.IMRestoreSince = tc.since
			got := lines(mustPlan(t, in))
			if !slices.Contains(got, tc.want) {
				t.Fatalf("plan lacks %q: %v", tc.want, got)
			}
			restored := slices.Contains(got, "restore_user a>x")
			created := slices.Contains(got, "create_user a>"+provisionalUser("a"))
			if restored == created {
				t.Fatalf("want exactly one of restore and create: %v", got)
			}
		})
	}
}
