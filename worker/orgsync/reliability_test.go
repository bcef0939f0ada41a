package orgsync_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"sync/atomic"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/detail"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncrun"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/orgsync"
)

// bigOA is a company of 57 departments (1 + 7 + 49) and users people.
func bigOA(e *env, users int) {
	e.oaDept("C", "公司", "")
	for i := range 7 {
		e.oaDept(fmt.Sprint("C", i), fmt.Sprint("事业部", i), "C")
		for j := range 7 {
			e.oaDept(fmt.Sprint("C", i, "-", j), fmt.Sprint("部门", i, "-", j), fmt.Sprint("C", i))
		}
	}
	depts := must(e.db.Department.Query().Where(department.CorpIDIsNil()).Order(ent.Asc(department.FieldID)).All(e.ctx))
	for start := 0; start < users; start += 500 {
		end := min(start+500, users)
		var uc []*ent.UserCreate
		for i := start; i < end; i++ {
			uc = append(uc, e.db.User.Create().SetExternalID(fmt.Sprintf("E%05d", i)).SetName(fmt.Sprint("员工", i)).
				SetMobile(fmt.Sprintf("+86139%08d", i)))
		}
		us := must(e.db.User.CreateBulk(uc...).Save(e.ctx))
		var mc []*ent.MembershipCreate
		for k, u := range us {
			mc = append(mc, e.db.Membership.Create().SetUserID(u.ID).SetDepartmentID(depts[(start+k)%len(depts)].ID).SetPrimary(true))
		}
		must(0, e.db.Membership.CreateBulk(mc...).Exec(e.ctx))
	}
}

// killer stops the worker after a number of writes: the context ends
// mid-flight, as when the process is killed (a write the platform applied
// may have its reply lost, and nothing after it is recorded).
type killer struct {
	platform.DirectoryWriter
	left   atomic.Int64
	cancel context.CancelFunc
}

func (k *killer) tick() {
	if k.left.Add(-1) == 0 {
		k.cancel()
	}
}

func (k *killer) CreateDepartment(ctx context.Context, key string, d platform.NewDepartment) (platform.DirDepartment, error) {
	defer k.tick()
	return k.DirectoryWriter.CreateDepartment(ctx, key, d)
}

func (k *killer) CreateUser(ctx context.Context, key string, u platform.NewUser) (platform.DirUser, error) {
	defer k.tick()
	return k.DirectoryWriter.CreateUser(ctx, key, u)
}

// TestReliabilityKilledAndFaultyApply: an apply of 2,000+ changes killed at
// random points five times, against a Feishu answering 5% 5xx, losing 5%
// of the replies of applied writes and throttling in bursts, ends with the
// same org as a clean run: no duplicate department or user, every change
// recorded once.
func TestReliabilityKilledAndFaultyApply(t *testing.T) {
	if testing.Short() {
		t.Skip("reliability run")
	}
	const users = 2100
	clean := newEnv(t, feishusim.Config{})
	bigOA(clean, users)
	cleanRun, err := clean.start(orgsync.Request{})
	if err != nil {
		t.Fatal(err)
	}
	want := imView(clean.sim.Org().Snapshot())
	if cleanRun.Total < 2000 || len(want) != 57+users {
		rs := must(clean.db.SyncChange.Query().Where(syncchange.RunID(cleanRun.ID), syncchange.StatusNEQ(syncchange.StatusApplied)).Limit(3).All(clean.ctx))
		for _, r := range rs {
			t.Logf("%s %s %s: %s %s", r.Action, r.Name, r.Status, r.Code, r.Message)
		}
		t.Fatalf("clean run: %d changes, %d lines, %v", cleanRun.Total, len(want), clean.statuses(cleanRun.ID))
	}

	e := newEnv(t, feishusim.Config{})
	bigOA(e, users)
	run := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID}))
	// Plan first (dry phase of the same run), then break the platform.
	rng := rand.New(rand.NewSource(8))
	e.sim.SetErrorRate(0.05, 8)
	e.sim.SetLostReplyRate(0.05, feishusim.LostReplyStatus)
	e.sim.ThrottleEvery(150)
	// Each attempt counts what it recorded: over all of them, every change
	// once, moves included.
	var total detail.Counters
	for kill := range 5 {
		ctx, cancel := context.WithCancel(e.ctx)
		k := &killer{DirectoryWriter: e.client, cancel: cancel}
		k.left.Store(int64(50 + rng.Intn(300)))
		p := e.params(run, k)
		p.Refresh = nil
		p.Backoff = func(int) time.Duration { return time.Millisecond }
		c, err := orgsync.Execute(ctx, p)
		cancel()
		total = total.Add(c)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("kill %d: err = %v, want the run stopped by the kill", kill, err)
		}
		run = must(e.db.SyncRun.Get(e.ctx, run.ID))
	}
	p := e.params(run, nil)
	p.Refresh = nil
	p.Backoff = func(int) time.Duration { return time.Millisecond }
	c, err := orgsync.Execute(e.ctx, p)
	if err != nil || c.Failed != 0 {
		t.Fatalf("final attempt: %v, counters %+v", err, c)
	}
	e.sim.SetErrorRate(0, 1)
	e.sim.SetLostReplyRate(0, feishusim.LostReplyStatus)
	e.sim.ThrottleEvery(0)
	sameLines(t, want, imView(e.sim.Org().Snapshot()))
	if st, cst := e.sim.Org().Stats(), clean.sim.Org().Stats(); st != cst || st.Users != users {
		t.Fatalf("simulator holds %+v, the clean run's %+v: duplicates", st, cst)
	}
	if got := e.statuses(run.ID); got[syncchange.StatusApplied] != run.Total || len(got) != 1 {
		t.Fatalf("change outcomes %v, want all %d applied once", got, run.Total)
	}
	total = total.Add(c)
	byAction := map[syncchange.Action]int{}
	for _, r := range must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID)).All(e.ctx)) {
		byAction[r.Action]++
	}
	if total.Created+total.Updated+total.Moved+total.Removed != run.Total || total.Moved != byAction[syncchange.ActionMoveUser]+byAction[syncchange.ActionMoveDepartment] {
		t.Fatalf("counters over the attempts %+v do not add up to the %d changes %v", total, run.Total, byAction)
	}
	// The mirror holds exactly the org: a new plan has nothing to do.
	e.db.SyncRun.UpdateOneID(run.ID).SetStatus(syncrun.StatusSucceeded).ExecX(e.ctx)
	run2, err := e.start(orgsync.Request{})
	if err != nil || run2.Total != 0 || run2.Status != syncrun.StatusSucceeded {
		t.Fatalf("re-plan after the faulty apply: %v, %+v", err, run2)
	}
}
