package worker

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/department"
	"imbridge/ent/detail"
	"imbridge/ent/hook"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

// TestResumedRunKeepsTheWholeRun: a pull whose worker dies right after a
// checkpoint (kill -9: nothing after that write runs) is taken up by
// another worker, which resumes from the checkpoint. The run's counters
// are the sum of the two attempts' and count every row written exactly
// once, its start is the first attempt's, and both attempts are listed:
// the first interrupted at its checkpoint, the second succeeded.
func TestResumedRunKeepsTheWholeRun(t *testing.T) {
	db := dbtest.Open(t)
	tn, ctx := dbtest.Tenant(t, db.Client, "acme")
	b := broker.OpenTest(t)
	org := feishusim.Generate(feishusim.GenOptions{Users: 700, Departments: 120, Depth: 4, PartTimeRatio: 0.2, Seed: 81})
	const appID, secret = "cli_attempts", "secret-attempts"
	sim := feishusim.New(feishusim.Config{Org: org, Apps: []feishusim.App{{ID: appID, Secret: secret}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	t.Cleanup(sim.Close)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	f := newPullFixture(t, ctx, db.Client, b, tn.ID, srv.URL, appID, secret)
	c, run, task, platforms := f.corp, f.run, f.task, f.platforms
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))

	// The first worker's process dies right after its second checkpoint of
	// the users phase is committed.
	dying := ent.NewClient(ent.Driver(entsql.OpenDB(db.Dialect, db.SQL)))
	var saves atomic.Int32
	dying.SyncRun.Use(func(next ent.Mutator) ent.Mutator {
		return hook.SyncRunFunc(func(ctx context.Context, m *ent.SyncRunMutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if cp, ok := m.Checkpoint(); ok && err == nil && strings.Contains(string(cp), `"phase":"users","after"`) && saves.Add(1) == 2 {
				runtime.Goexit()
			}
			return v, err
		})
	})
	first := NewServer(ServerParams{Broker: b, DB: dying, Client: NewClient(b), Logger: quiet, Platforms: platforms, Name: "worker-1"})
	died := make(chan error, 1)
	go func() {
		defer close(died)
		died <- first.runHandler(imPull)(context.Background(), task)
	}()
	select {
	case err, finished := <-died:
		if finished {
			t.Fatalf("the first attempt was not killed: it returned %v", err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the first attempt neither died nor finished")
	}
	mid := db.Client.SyncRun.GetX(ctx, run.ID)
	if mid.Status != syncrun.StatusRunning || len(mid.Attempts) != 1 || mid.Attempts[0].Counters.Created == 0 {
		t.Fatalf("after the kill: status %s, attempts %+v", mid.Status, mid.Attempts)
	}
	time.Sleep(10 * time.Millisecond) // the second attempt starts visibly later

	second := NewServer(ServerParams{Broker: b, DB: db.Client, Client: NewClient(b), Logger: quiet, Platforms: platforms, Name: "worker-2"})
	if err := second.runHandler(imPull)(context.Background(), task); err != nil {
		t.Fatal(err)
	}
	done := db.Client.SyncRun.GetX(ctx, run.ID)
	if done.Status != syncrun.StatusSucceeded {
		t.Fatalf("status %s: %s", done.Status, done.Error)
	}
	if len(done.Attempts) != 2 {
		t.Fatalf("attempts: %+v", done.Attempts)
	}
	a1, a2 := done.Attempts[0], done.Attempts[1]
	if a1.Number != 1 || a1.Worker != "worker-1" || a1.Outcome != detail.AttemptInterrupted || a1.EndedAt == nil ||
		a2.Number != 2 || a2.Worker != "worker-2" || a2.Outcome != detail.AttemptSucceeded || a2.EndedAt == nil {
		t.Fatalf("attempts: %+v", done.Attempts)
	}
	if a1.Counters.Created == 0 || a2.Counters.Created == 0 {
		t.Fatalf("each attempt wrote part of the run: %+v / %+v", a1.Counters, a2.Counters)
	}
	if sum := a1.Counters.Add(a2.Counters); done.Counters != sum {
		t.Fatalf("run counters %+v, sum of attempts %+v", done.Counters, sum)
	}
	depts := db.Client.Department.Query().Where(department.CorpID(c.ID)).CountX(ctx)
	users := db.Client.User.Query().Where(user.CorpID(c.ID)).CountX(ctx)
	if done.Counters.Created != depts+users {
		t.Fatalf("run created %d, the mirror holds %d departments and %d users", done.Counters.Created, depts, users)
	}
	if done.StartedAt == nil || !done.StartedAt.Equal(a1.StartedAt) || !a1.StartedAt.Before(a2.StartedAt) {
		t.Fatalf("run started %v; attempts started %v and %v", done.StartedAt, a1.StartedAt, a2.StartedAt)
	}
	if a1.EndedAt.After(a2.StartedAt) {
		t.Fatalf("the interrupted attempt ended (%v) after the next began (%v)", a1.EndedAt, a2.StartedAt)
	}
}
