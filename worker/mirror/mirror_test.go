package mirror_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
	"imbridge/worker/mirror"
)

type fixture struct {
	db     *ent.Client
	ctx    context.Context
	corpID int
	env    *simEnv
	org    *feishusim.Org
	run    int
}

func setup(t *testing.T, gen feishusim.GenOptions, cfg feishusim.Config) *fixture {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	corp, err := db.Client.Corp.Create().SetName("Acme").SetPlatform("feishu").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	org := feishusim.Generate(gen)
	return &fixture{db: db.Client, ctx: ctx, corpID: corp.ID, env: newSim(t, org, broker.OpenTest(t), cfg), org: org}
}

// pull runs the mirror as a fresh run, with dir replacing the adapter if given.
func (f *fixture) pull(t *testing.T, dir platform.Directory, checkpoint *[]byte) (mirror.Result, error) {
	t.Helper()
	if checkpoint == nil || *checkpoint == nil {
		f.run++
	}
	if dir == nil {
		dir = f.env.client
	}
	var cp []byte
	if checkpoint != nil {
		cp = *checkpoint
	}
	return mirror.Run(f.ctx, mirror.Params{
		Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: dir, Top: platform.RootDepartmentID, Checkpoint: cp,
		Save: func(_ context.Context, b []byte) error {
			if checkpoint != nil {
				*checkpoint = append([]byte(nil), b...)
			}
			return nil
		},
	})
}

func TestMirrorEqualsDirectory(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 600, Departments: 60, Depth: 4, PartTimeRatio: 0.2, ResignedRatio: 0.03, Seed: 1}, feishusim.Config{})
	res, err := f.pull(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
	created := res.Counters.Created

	// A second pull of an unchanged directory changes nothing.
	res, err = f.pull(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counters.Created != 0 || res.Counters.Updated != 0 || res.Counters.Removed != 0 || res.Counters.Unchanged != created {
		t.Fatalf("second pull counters = %+v (first created %d)", res.Counters, created)
	}

	// Renames, moves, a resignation and a new department are mirrored.
	snap := f.org.Snapshot()
	dep := snap.Departments[len(snap.Departments)-1]
	newParent := snap.Departments[1]
	if _, err := f.org.UpdateDepartment(dep.DepartmentID, func(d *feishusim.Department) { d.Name = "改名部门" }); err != nil {
		t.Fatal(err)
	}
	var mover, leaver feishusim.User
	for _, u := range snap.Users {
		if u.Resigned {
			continue
		}
		if mover.UserID == "" {
			mover = u
		} else if leaver.UserID == "" {
			leaver = u
			break
		}
	}
	if _, err := f.org.UpdateUser(mover.UserID, func(u *feishusim.User) { u.DepartmentIDs = []string{newParent.DepartmentID}; u.Name = "新名字" }); err != nil {
		t.Fatal(err)
	}
	if err := f.org.DeleteUser(leaver.UserID); err != nil {
		t.Fatal(err)
	}
	res, err = f.pull(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
	if res.Counters.Removed != 1 || res.Counters.Updated < 2 {
		t.Fatalf("counters after changes = %+v", res.Counters)
	}
	gone, err := f.db.User.Query().Where(user.ExternalID(leaver.UserID)).Only(f.ctx)
	if err != nil || gone.RemovedAt == nil || gone.Status != user.StatusResigned {
		t.Fatalf("leaver should be kept, marked removed and resigned: %+v %v", gone, err)
	}
}

// failingDir fails every call after n calls, like a worker dying mid-run.
type failingDir struct {
	platform.Directory
	n     int64
	calls atomic.Int64 // listings run concurrently
}

var errKilled = errors.New("killed")

func (d *failingDir) tick() error {
	if d.calls.Add(1) > d.n {
		return context.Canceled
	}
	return nil
}

func (d *failingDir) DescendantDepartments(ctx context.Context, id string, fn func([]platform.DirDepartment) error) error {
	if err := d.tick(); err != nil {
		return err
	}
	return d.Directory.DescendantDepartments(ctx, id, fn)
}

func (d *failingDir) DepartmentUsers(ctx context.Context, id string, fn func([]platform.DirUser) error) error {
	if err := d.tick(); err != nil {
		return err
	}
	return d.Directory.DepartmentUsers(ctx, id, fn)
}

func TestMirrorResumesFromCheckpoint(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 800, Departments: 120, Depth: 4, PartTimeRatio: 0.2, Seed: 2}, feishusim.Config{})
	var cp []byte
	// Killed while listing the departments: nothing to resume from (the
	// listing is a few calls and starts over).
	if _, err := f.pull(t, &failingDir{Directory: f.env.client, n: 0}, &cp); !errors.Is(err, context.Canceled) {
		t.Fatalf("expected the run to be killed, got %v", err)
	}
	if cp != nil {
		t.Fatalf("checkpoint saved before any department was written: %s", cp)
	}
	// Killed in the users phase, twice: each resumes from the checkpoint.
	for _, n := range []int64{60, 50} {
		if _, err := f.pull(t, &failingDir{Directory: f.env.client, n: n}, &cp); !errors.Is(err, context.Canceled) {
			t.Fatalf("expected the run to be killed, got %v", err)
		}
		if cp == nil {
			t.Fatal("no checkpoint saved before the kill")
		}
	}
	f.env.sim.ResetRequests()
	res, err := f.pull(t, nil, &cp)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
	// The resumed run did not start over: it skipped the department walk.
	for _, r := range f.env.sim.Requests() {
		if r.API == feishusim.APIDepartmentChildren {
			t.Fatalf("resumed run listed departments again: %+v", r)
		}
	}
}

var _ = errKilled
