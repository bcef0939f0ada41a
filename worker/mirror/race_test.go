package mirror_test

import (
	"context"
	"sync/atomic"
	"testing"

	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/mirror"
)

// racingDir is a pull's directory during which contact events arrive:
// every department and user the pull lists is written first by the
// event's path (mirror.Target, as worker/feishuevent.go and
// worker/wecomevent.go apply events), after the pull loaded the mirror
// and before it writes what it read. Both insert the same rows.
type racingDir struct {
	platform.Directory
	event  mirror.Target
	ctx    context.Context
	events atomic.Int32
	failed atomic.Value
}

func (d *racingDir) fail(err error) {
	if err != nil {
		d.failed.CompareAndSwap(nil, err)
	}
}

func (d *racingDir) DescendantDepartments(ctx context.Context, parentID string, fn func([]platform.DirDepartment) error) error {
	return d.Directory.DescendantDepartments(ctx, parentID, func(page []platform.DirDepartment) error {
		for _, dep := range page {
			d.fail(d.event.ApplyDepartment(d.ctx, dep.ID)) // contact.department.created_v3
			d.events.Add(1)
		}
		return fn(page)
	})
}

func (d *racingDir) ChildDepartments(ctx context.Context, parentID string, fn func([]platform.DirDepartment) error) error {
	return d.Directory.ChildDepartments(ctx, parentID, func(page []platform.DirDepartment) error {
		for _, dep := range page {
			d.fail(d.event.ApplyDepartment(d.ctx, dep.ID))
			d.events.Add(1)
		}
		return fn(page)
	})
}

func (d *racingDir) DepartmentUsers(ctx context.Context, id string, fn func([]platform.DirUser) error) error {
	return d.Directory.DepartmentUsers(ctx, id, func(page []platform.DirUser) error {
		for _, u := range page {
			d.fail(d.event.ApplyUser(d.ctx, u.ID)) // contact.user.created_v3
			d.events.Add(1)
		}
		return fn(page)
	})
}

// TestPullConvergesWithConcurrentEvents: contact events (department and
// user created) arrive while a pull of the same directory runs, and the
// event writes each row first. Neither side fails on the other's row
// (before: a unique violation on department_im_external_id, PostgreSQL
// 23505, for contact.department.created_v3; the same for users and
// memberships): the pull takes the row the event wrote and brings it to
// what it read, and the mirror equals the directory with no duplicate.
// Runs on SQLite, and on PostgreSQL with IMBRIDGE_TEST_DATABASE_URL.
func TestPullConvergesWithConcurrentEvents(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 300, Departments: 30, Depth: 3, PartTimeRatio: 0.3, Seed: 23}, feishusim.Config{})
	dir := &racingDir{Directory: f.env.client, ctx: f.ctx,
		event: mirror.Target{Client: f.db, CorpID: f.corpID, Dir: f.env.client, Top: platform.RootDepartmentID}}
	res, err := f.pull(t, dir, nil)
	if err != nil {
		t.Fatalf("pull: %v", err)
	}
	if err, _ := dir.failed.Load().(error); err != nil {
		t.Fatalf("an event during the pull: %v", err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("pull errors: %+v", res.Errors)
	}
	if dir.events.Load() < 300 {
		t.Fatalf("only %d events raced the pull", dir.events.Load())
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
	// Each row once (the view would hide two rows of one id).
	depts := f.db.Department.Query().Where(department.CorpID(f.corpID)).CountX(f.ctx)
	users := f.db.User.Query().Where(user.CorpID(f.corpID)).CountX(f.ctx)
	st := f.org.Stats()
	if depts != st.Departments+1 || users != st.Users {
		t.Fatalf("mirror holds %d departments and %d users; the directory %+v", depts, users, st)
	}
	ms := f.db.Membership.Query().Where(membership.HasUserWith(user.CorpID(f.corpID))).CountX(f.ctx)
	want := 0
	for _, u := range f.org.Snapshot().Users {
		if !u.Resigned {
			want += len(u.DepartmentIDs)
		}
	}
	if ms != want {
		t.Fatalf("mirror holds %d memberships, the directory %d", ms, want)
	}

	// And the other way: a pull's rows meet the events that follow it.
	for _, u := range f.org.Snapshot().Users[:20] {
		if err := dir.event.ApplyUser(f.ctx, u.UserID); err != nil {
			t.Fatalf("event after the pull: %v", err)
		}
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
}
