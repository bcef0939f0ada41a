package mirror_test

import (
	"context"
	"strings"
	"testing"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/mirror"
)

// pullTop runs a fresh pull of the tree under top.
func (f *fixture) pullTop(t *testing.T, top string, dir platform.Directory) (mirror.Result, error) {
	t.Helper()
	f.run++
	if dir == nil {
		dir = f.env.client
	}
	return mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: dir, Top: top})
}

func (f *fixture) target(top string) mirror.Target {
	return mirror.Target{Client: f.db, CorpID: f.corpID, Dir: f.env.client, Top: top}
}

func (f *fixture) user(t *testing.T, id string) *ent.User {
	t.Helper()
	u, err := f.db.User.Query().Where(user.CorpID(f.corpID), user.ExternalID(id)).WithMemberships(func(q *ent.MembershipQuery) { q.WithDepartment() }).Only(f.ctx)
	if err != nil {
		t.Fatalf("user %s: %v", id, err)
	}
	return u
}

func (f *fixture) dept(t *testing.T, id string) *ent.Department {
	t.Helper()
	d, err := f.db.Department.Query().Where(department.CorpID(f.corpID), department.ExternalID(id)).WithParent().Only(f.ctx)
	if err != nil {
		t.Fatalf("department %s: %v", id, err)
	}
	return d
}

func deptsOf(u *ent.User) []string {
	var out []string
	for _, m := range u.Edges.Memberships {
		out = append(out, m.Edges.Department.ExternalID)
	}
	return out
}

// inScope: active, not removed, not out of scope.
func inScopeUser(u *ent.User) bool {
	return u.RemovedAt == nil && u.OutOfScopeAt == nil && u.Status == user.StatusActive
}

// Members of the root itself (department_ids ["0"], as in most small
// companies) are mirrored by a pull with that membership, and one created
// by an event is not marked resigned by the next pull.
func TestRootMembersAreMirrored(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 200, Departments: 12, RootMemberRatio: 0.3, PartTimeRatio: 0.1, Seed: 21}, feishusim.Config{})
	if len(f.org.Members(feishusim.RootDepartmentID)) == 0 {
		t.Fatal("nobody under the root")
	}
	if _, err := f.pull(t, nil, nil); err != nil {
		t.Fatal(err)
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))

	u, err := f.org.CreateUser(feishusim.User{Name: "根部门新人", Mobile: "13700000001", DepartmentIDs: []string{feishusim.RootDepartmentID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.target(platform.RootDepartmentID).ApplyUser(f.ctx, u.UserID); err != nil {
		t.Fatal(err)
	}
	if got := f.user(t, u.UserID); !inScopeUser(got) || strings.Join(deptsOf(got), ",") != feishusim.RootDepartmentID {
		t.Fatalf("root member from the event: %+v in %v", got, deptsOf(got))
	}
	res, err := f.pull(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.user(t, u.UserID); !inScopeUser(got) || res.Counters.Removed != 0 {
		t.Fatalf("the next pull marked the root member %+v (counters %+v)", got, res.Counters)
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
}

// With a top department set, its own members are mirrored with their
// membership of it, by pulls and by events.
func TestTopDepartmentMembersAreMirrored(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 150, Departments: 15, Depth: 2, Seed: 22}, feishusim.Config{})
	top := f.org.Children(feishusim.RootDepartmentID)[0]
	own := f.org.Members(top)
	if len(own) == 0 {
		t.Fatal("top department without members")
	}
	if _, err := f.pullTop(t, top, nil); err != nil {
		t.Fatal(err)
	}
	for _, id := range own {
		if got := f.user(t, id); !inScopeUser(got) || !contains(deptsOf(got), top) {
			t.Fatalf("member %s of the top: %+v in %v", id, got, deptsOf(got))
		}
	}
	if d := f.dept(t, top); d.Edges.Parent != nil || d.OutOfScopeAt != nil {
		t.Fatalf("top row: %+v", d)
	}
	u, err := f.org.CreateUser(feishusim.User{Name: "顶级部门新人", Mobile: "13700000002", DepartmentIDs: []string{top}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.target(top).ApplyUser(f.ctx, u.UserID); err != nil {
		t.Fatal(err)
	}
	if got := f.user(t, u.UserID); !inScopeUser(got) || strings.Join(deptsOf(got), ",") != top {
		t.Fatalf("top member from the event: %+v in %v", got, deptsOf(got))
	}
	// The top department's own event keeps it the top.
	if _, err := f.org.UpdateDepartment(top, func(d *feishusim.Department) { d.Name = "顶级改名" }); err != nil {
		t.Fatal(err)
	}
	if err := f.target(top).ApplyDepartment(f.ctx, top); err != nil {
		t.Fatal(err)
	}
	if d := f.dept(t, top); d.Name != "顶级改名" || d.Edges.Parent != nil || d.OutOfScopeAt != nil {
		t.Fatalf("top row after its event: %+v", d)
	}
}

// scopedOrg: a top department T with a child C (with members) and a user
// m directly in T; and another top-level department E outside T.
type scopedOrg struct {
	top, child, outside, mover string
	childMembers               []string
}

func newScopedOrg(t *testing.T, f *fixture) scopedOrg {
	t.Helper()
	o := f.org
	top, err := o.CreateDepartment(feishusim.Department{Name: "同步范围", ParentID: feishusim.RootDepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	child, err := o.CreateDepartment(feishusim.Department{Name: "子部门", ParentID: top.DepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	outside, err := o.CreateDepartment(feishusim.Department{Name: "范围之外", ParentID: feishusim.RootDepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	s := scopedOrg{top: top.DepartmentID, child: child.DepartmentID, outside: outside.DepartmentID}
	for i, name := range []string{"甲", "乙", "丙"} {
		u, err := o.CreateUser(feishusim.User{Name: name, Mobile: "1360000000" + string(rune('1'+i)), DepartmentIDs: []string{child.DepartmentID}})
		if err != nil {
			t.Fatal(err)
		}
		s.childMembers = append(s.childMembers, u.UserID)
	}
	m, err := o.CreateUser(feishusim.User{Name: "丁", Mobile: "13600000009", DepartmentIDs: []string{top.DepartmentID}})
	if err != nil {
		t.Fatal(err)
	}
	s.mover = m.UserID
	return s
}

// Moving outside the top department is leaving the synced scope, not
// leaving the company: the next pull marks the department (with its
// members) and the user out of scope, never removed or resigned.
func TestLeavingTheTreeByPullIsOutOfScope(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 40, Departments: 4, Seed: 23}, feishusim.Config{})
	s := newScopedOrg(t, f)
	if _, err := f.pullTop(t, s.top, nil); err != nil {
		t.Fatal(err)
	}
	if !inScopeUser(f.user(t, s.mover)) || f.dept(t, s.child).OutOfScopeAt != nil {
		t.Fatal("first pull did not mirror the scope")
	}
	if _, err := f.org.UpdateDepartment(s.child, func(d *feishusim.Department) { d.ParentID = s.outside }); err != nil {
		t.Fatal(err)
	}
	if _, err := f.org.UpdateUser(s.mover, func(u *feishusim.User) { u.DepartmentIDs = []string{s.outside} }); err != nil {
		t.Fatal(err)
	}
	res, err := f.pullTop(t, s.top, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := f.dept(t, s.child); d.OutOfScopeAt == nil || d.RemovedAt != nil {
		t.Fatalf("department moved outside: %+v", d)
	}
	for _, id := range append([]string{s.mover}, s.childMembers...) {
		u := f.user(t, id)
		if u.OutOfScopeAt == nil || u.RemovedAt != nil || u.Status != user.StatusActive {
			t.Fatalf("user %s outside the tree: out of scope %v, removed %v, status %s", id, u.OutOfScopeAt, u.RemovedAt, u.Status)
		}
	}
	if res.Counters.Removed != 0 || res.Counters.OutOfScope != 1+1+len(s.childMembers) {
		t.Fatalf("counters %+v", res.Counters)
	}
	// Coming back is seen by the next pull.
	if _, err := f.org.UpdateDepartment(s.child, func(d *feishusim.Department) { d.ParentID = s.top }); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pullTop(t, s.top, nil); err != nil {
		t.Fatal(err)
	}
	if d := f.dept(t, s.child); d.OutOfScopeAt != nil || !inScopeUser(f.user(t, s.childMembers[0])) {
		t.Fatalf("department back in the tree: %+v", d)
	}
	// A resignation is still a resignation.
	if err := f.org.DeleteUser(s.childMembers[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pullTop(t, s.top, nil); err != nil {
		t.Fatal(err)
	}
	if u := f.user(t, s.childMembers[1]); u.Status != user.StatusResigned || u.RemovedAt == nil {
		t.Fatalf("resigned user: %+v", u)
	}
}

// The same moves seen as events: out of scope at once, with the
// department's mirrored subtree and the members left without a department
// in scope.
func TestLeavingTheTreeByEventsIsOutOfScope(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 40, Departments: 4, Seed: 24}, feishusim.Config{})
	s := newScopedOrg(t, f)
	if _, err := f.pullTop(t, s.top, nil); err != nil {
		t.Fatal(err)
	}
	tg := f.target(s.top)
	if _, err := f.org.UpdateDepartment(s.child, func(d *feishusim.Department) { d.ParentID = s.outside }); err != nil {
		t.Fatal(err)
	}
	if err := tg.ApplyDepartment(f.ctx, s.child); err != nil {
		t.Fatal(err)
	}
	if d := f.dept(t, s.child); d.OutOfScopeAt == nil || d.RemovedAt != nil {
		t.Fatalf("department moved outside, by event: %+v", d)
	}
	for _, id := range s.childMembers {
		if u := f.user(t, id); u.OutOfScopeAt == nil || u.Status != user.StatusActive || u.RemovedAt != nil {
			t.Fatalf("member %s of the department moved outside: %+v", id, u)
		}
	}
	if _, err := f.org.UpdateUser(s.mover, func(u *feishusim.User) { u.DepartmentIDs = []string{s.outside} }); err != nil {
		t.Fatal(err)
	}
	if err := tg.ApplyUser(f.ctx, s.mover); err != nil {
		t.Fatal(err)
	}
	if u := f.user(t, s.mover); u.OutOfScopeAt == nil || u.Status != user.StatusActive || u.RemovedAt != nil {
		t.Fatalf("user moved outside, by event: %+v", u)
	}
	// Back in: written again, in scope.
	if _, err := f.org.UpdateUser(s.mover, func(u *feishusim.User) { u.DepartmentIDs = []string{s.top} }); err != nil {
		t.Fatal(err)
	}
	if err := tg.ApplyUser(f.ctx, s.mover); err != nil {
		t.Fatal(err)
	}
	if u := f.user(t, s.mover); !inScopeUser(u) || strings.Join(deptsOf(u), ",") != s.top {
		t.Fatalf("user back in the tree: %+v in %v", u, deptsOf(u))
	}
}

// A department moved under a department the mirror does not have yet is
// not ignored, and a user created in a department whose own event comes
// later converges at once: the missing departments are read on demand.
func TestEventsOutOfOrderConverge(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 40, Departments: 4, Seed: 25}, feishusim.Config{})
	s := newScopedOrg(t, f)
	if _, err := f.pullTop(t, s.top, nil); err != nil {
		t.Fatal(err)
	}
	tg := f.target(s.top)
	// X is created under the top (its event not applied yet); C moves under X.
	x, err := f.org.CreateDepartment(feishusim.Department{Name: "新中心", ParentID: s.top})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.org.UpdateDepartment(s.child, func(d *feishusim.Department) { d.ParentID = x.DepartmentID }); err != nil {
		t.Fatal(err)
	}
	if err := tg.ApplyDepartment(f.ctx, s.child); err != nil {
		t.Fatal(err)
	}
	if d := f.dept(t, s.child); d.Edges.Parent == nil || d.Edges.Parent.ExternalID != x.DepartmentID || d.OutOfScopeAt != nil {
		t.Fatalf("department moved under a new department: %+v", d)
	}
	// Y under X, and a user in Y: the user's event first.
	y, err := f.org.CreateDepartment(feishusim.Department{Name: "新小组", ParentID: x.DepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	u, err := f.org.CreateUser(feishusim.User{Name: "新人", Mobile: "13600000010", DepartmentIDs: []string{y.DepartmentID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tg.ApplyUser(f.ctx, u.UserID); err != nil {
		t.Fatal(err)
	}
	if got := f.user(t, u.UserID); !inScopeUser(got) || strings.Join(deptsOf(got), ",") != y.DepartmentID {
		t.Fatalf("user in a department not mirrored yet: %+v in %v", got, deptsOf(got))
	}
	if d := f.dept(t, y.DepartmentID); d.Edges.Parent == nil || d.Edges.Parent.ExternalID != x.DepartmentID {
		t.Fatalf("department read on demand: %+v", d)
	}
	// Y's own event, arriving late, changes nothing.
	if err := tg.ApplyDepartment(f.ctx, y.DepartmentID); err != nil {
		t.Fatal(err)
	}
	// A user created outside the tree is not mirrored at all.
	o, err := f.org.CreateUser(feishusim.User{Name: "外人", Mobile: "13600000011", DepartmentIDs: []string{s.outside}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tg.ApplyUser(f.ctx, o.UserID); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.db.User.Query().Where(user.ExternalID(o.UserID)).Count(f.ctx); n != 0 {
		t.Fatal("a user outside the tree was mirrored")
	}
	// The events left the mirror as a pull would.
	before := dbView(t, f.ctx, f.db, f.corpID)
	if _, err := f.pullTop(t, s.top, nil); err != nil {
		t.Fatal(err)
	}
	sameView(t, dbView(t, f.ctx, f.db, f.corpID), before)
}

// A user the app may no longer see (its contact range changed: 41050 on
// the read back) is out of scope, and the event succeeds (no retry).
func TestUserOutsideTheAppsRangeIsOutOfScope(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 40, Departments: 4, Seed: 26}, feishusim.Config{})
	s := newScopedOrg(t, f)
	if _, err := f.pullTop(t, s.top, nil); err != nil {
		t.Fatal(err)
	}
	f.env.sim.SetContactRange(f.env.client.AppID(), s.top)
	if _, err := f.org.UpdateUser(s.mover, func(u *feishusim.User) { u.DepartmentIDs = []string{s.outside} }); err != nil {
		t.Fatal(err)
	}
	if err := f.target(s.top).ApplyUser(f.ctx, s.mover); err != nil {
		t.Fatalf("41050 on an event: %v", err)
	}
	if u := f.user(t, s.mover); u.OutOfScopeAt == nil || u.Status != user.StatusActive || u.RemovedAt != nil {
		t.Fatalf("user outside the app's range: %+v", u)
	}
	// A department outside the range (40004) likewise.
	if _, err := f.org.UpdateDepartment(s.child, func(d *feishusim.Department) { d.ParentID = s.outside }); err != nil {
		t.Fatal(err)
	}
	if err := f.target(s.top).ApplyDepartment(f.ctx, s.child); err != nil {
		t.Fatalf("40004 on an event: %v", err)
	}
	if d := f.dept(t, s.child); d.OutOfScopeAt == nil || d.RemovedAt != nil {
		t.Fatalf("department outside the app's range: %+v", d)
	}
}

// A pull whose tree the app may not read stops at once with what to change.
func TestPullOutsideTheAppsRangeFailsWithTheRemedy(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 40, Departments: 4, Seed: 27}, feishusim.Config{})
	s := newScopedOrg(t, f)
	f.env.sim.SetContactRange(f.env.client.AppID(), s.top)
	_, err := f.pullTop(t, platform.RootDepartmentID, nil)
	if platform.ClassOf(err) != platform.ClassOutOfRange || !strings.Contains(err.Error(), "通讯录权限范围") {
		t.Fatalf("pull of the root with a narrow range: %v", err)
	}
	if _, err := f.pullTop(t, s.top, nil); err != nil {
		t.Fatalf("pull inside the range: %v", err)
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

var _ = context.Background
