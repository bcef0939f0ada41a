package mirror_test

import (
	"context"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"imbridge/ent/department"
	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
)

// failUsersOf fails the user listing of one department with a network error,
// as a platform outage that outlasted the adapter's retries would.
type failUsersOf struct {
	platform.Directory
	dept  string
	calls atomic.Int64 // listings run concurrently
}

func (d *failUsersOf) DepartmentUsers(ctx context.Context, id string, fn func([]platform.DirUser) error) error {
	if id == d.dept {
		d.calls.Add(1)
		return &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	}
	return d.Directory.DepartmentUsers(ctx, id, fn)
}

// emptyLeaf returns a leaf department with members, after moving its
// members to another department, so that it can be deleted.
func emptyLeaf(t *testing.T, org *feishusim.Org) (leaf, other string) {
	t.Helper()
	snap := org.Snapshot()
	for _, d := range snap.Departments {
		if d.DepartmentID == feishusim.RootDepartmentID || len(org.Children(d.DepartmentID)) > 0 || len(org.Members(d.DepartmentID)) == 0 {
			continue
		}
		leaf = d.DepartmentID
		break
	}
	for _, d := range snap.Departments {
		if d.DepartmentID != leaf && d.DepartmentID != feishusim.RootDepartmentID {
			other = d.DepartmentID
			break
		}
	}
	if leaf == "" || other == "" {
		t.Fatal("fixture: no leaf department with members")
	}
	for _, uid := range org.Members(leaf) {
		if _, err := org.UpdateUser(uid, func(u *feishusim.User) {
			var deps []string
			for _, d := range u.DepartmentIDs {
				if d != leaf {
					deps = append(deps, d)
				}
			}
			if len(deps) == 0 {
				deps = []string{other}
			}
			u.DepartmentIDs = deps
		}); err != nil {
			t.Fatal(err)
		}
	}
	return leaf, other
}

// TestDepartmentsThatDisappearAreMarkedRemoved: a department deleted in the
// IM is kept in the mirror, marked removed, and counted.
func TestDepartmentsThatDisappearAreMarkedRemoved(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 120, Departments: 16, Depth: 3, Seed: 4}, feishusim.Config{})
	if _, err := f.pull(t, nil, nil); err != nil {
		t.Fatal(err)
	}
	leaf, _ := emptyLeaf(t, f.org)
	if err := f.org.DeleteDepartment(leaf); err != nil {
		t.Fatal(err)
	}
	res, err := f.pull(t, nil, nil)
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("pull: %v %+v", err, res.Errors)
	}
	d, err := f.db.Department.Query().Where(department.CorpID(f.corpID), department.ExternalID(leaf)).Only(f.ctx)
	if err != nil {
		t.Fatalf("the deleted department's row is gone: %v", err)
	}
	if d.RemovedAt == nil {
		t.Fatalf("department %s was deleted in Feishu but is not marked removed", leaf)
	}
	if res.Counters.Removed < 1 {
		t.Fatalf("counters = %+v, want the removal counted", res.Counters)
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
}

// TestAFailedReadBlocksRemovals: when the users of one department could not
// be read, the run records it and removes nobody and no department, not even
// those really gone: people not seen may simply not have been read. The next
// complete run applies the removals.
func TestAFailedReadBlocksRemovals(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 120, Departments: 16, Depth: 3, Seed: 5}, feishusim.Config{})
	if _, err := f.pull(t, nil, nil); err != nil {
		t.Fatal(err)
	}
	leaf, _ := emptyLeaf(t, f.org)
	if err := f.org.DeleteDepartment(leaf); err != nil {
		t.Fatal(err)
	}
	// The department whose read fails, with its members, and someone who
	// really left, elsewhere.
	var unread string
	for _, d := range f.org.Snapshot().Departments {
		if d.DepartmentID != feishusim.RootDepartmentID && len(f.org.Members(d.DepartmentID)) > 0 {
			unread = d.DepartmentID
			break
		}
	}
	var leaver string
	for _, u := range f.org.Snapshot().Users {
		if !u.Resigned && !strings.Contains(strings.Join(u.DepartmentIDs, ","), unread) {
			leaver = u.UserID
			break
		}
	}
	if unread == "" || leaver == "" {
		t.Fatal("fixture: no department with members or no user outside it")
	}
	if err := f.org.DeleteUser(leaver); err != nil {
		t.Fatal(err)
	}
	type row struct {
		status  user.Status
		removed bool
	}
	snapshot := func() map[string]row {
		out := map[string]row{}
		for _, u := range f.db.User.Query().Where(user.CorpID(f.corpID)).AllX(f.ctx) {
			out[u.ExternalID] = row{u.Status, u.RemovedAt != nil}
		}
		return out
	}
	before := snapshot()

	dir := &failUsersOf{Directory: f.env.client, dept: unread}
	res, err := f.pull(t, dir, nil)
	if err != nil {
		t.Fatalf("one unreadable department stopped the run: %v", err)
	}
	if dir.calls.Load() == 0 {
		t.Fatal("the failing listing was never called: the check proves nothing")
	}
	reported := false
	for _, e := range res.Errors {
		reported = reported || strings.Contains(e.Item, unread)
	}
	if !reported {
		t.Errorf("the failed read of %s is not among the run's errors: %+v", unread, res.Errors)
	}
	if res.Counters.Removed != 0 {
		t.Errorf("counters = %+v: removals after a failed read", res.Counters)
	}
	after := snapshot()
	for id, b := range before {
		if a := after[id]; a != b {
			t.Errorf("user %s went from %+v to %+v after a failed read", id, b, a)
		}
	}
	d := f.db.Department.Query().Where(department.CorpID(f.corpID), department.ExternalID(leaf)).OnlyX(f.ctx)
	if d.RemovedAt != nil {
		t.Errorf("department %s marked removed after a failed read", leaf)
	}

	// Positive control: a complete read applies what the failed one held back.
	res, err = f.pull(t, nil, nil)
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("complete pull: %v %+v", err, res.Errors)
	}
	if a := snapshot()[leaver]; a == before[leaver] {
		t.Errorf("the leaver %s is still %+v after a complete read", leaver, a)
	}
	if d := f.db.Department.Query().Where(department.CorpID(f.corpID), department.ExternalID(leaf)).OnlyX(f.ctx); d.RemovedAt == nil {
		t.Errorf("department %s not marked removed after a complete read", leaf)
	}
}
