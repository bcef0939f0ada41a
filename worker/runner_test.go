package worker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/detail"
	"imbridge/ent/syncrun"
	"imbridge/worker/broker"
)

// TestRunnerRetriesOnlyTransientErrors drives runHandler through the real
// job server: a transient error sends the task to asynq's retry set with the
// run back in queued (and the retry, run at once, succeeds); a permanent
// error fails the run and archives the task after one attempt; a transient
// error on the last allowed attempt fails the run too.
func TestRunnerRetriesOnlyTransientErrors(t *testing.T) {
	db := dbtest.Open(t)
	tn, ctx := dbtest.Tenant(t, db.Client, "acme")
	b := broker.OpenTest(t)
	jobs := NewClient(b)
	t.Cleanup(func() { jobs.Close() })
	s := NewServer(ServerParams{Broker: b, DB: db.Client, Client: jobs, Concurrency: 2, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	// Each run's script: the error of each attempt in turn (nil succeeds).
	var mu sync.Mutex
	script := map[int][]error{}
	attempts := map[int]int{}
	const typ = "test:run"
	s.mux.Handle(typ, s.runHandler(func(_ context.Context, _ *Server, run *ent.SyncRun, _ func(Progress)) (detail.Counters, error) {
		mu.Lock()
		defer mu.Unlock()
		n := attempts[run.ID]
		attempts[run.ID]++
		if n < len(script[run.ID]) {
			return detail.Counters{}, script[run.ID][n]
		}
		return detail.Counters{Created: 1}, nil
	}))
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	insp := asynq.NewInspectorFromRedisClient(b.Client)
	queue := b.Queue(QueueDefault)

	start := func(maxRetry int, errs ...error) *ent.SyncRun {
		t.Helper()
		run := db.Client.SyncRun.Create().SetKind(syncrun.KindOaImport).SaveX(ctx)
		mu.Lock()
		script[run.ID] = errs
		mu.Unlock()
		task, err := newRunTask(typ, RunPayload{TenantID: tn.ID, RunID: run.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jobs.asynq.Enqueue(task, asynq.Queue(queue), asynq.TaskID(runTaskID(run.ID)), asynq.MaxRetry(maxRetry), asynq.Retention(time.Hour)); err != nil {
			t.Fatal(err)
		}
		return run
	}
	// settle waits until the task reaches a state in which it waits for
	// nobody but the test (retry, archived, completed).
	settle := func(run *ent.SyncRun) *asynq.TaskInfo {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			info, err := insp.GetTaskInfo(queue, runTaskID(run.ID))
			if err == nil && (info.State == asynq.TaskStateRetry || info.State == asynq.TaskStateArchived || info.State == asynq.TaskStateCompleted) {
				return info
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("run %d's task did not settle", run.ID)
		return nil
	}
	reload := func(run *ent.SyncRun) *ent.SyncRun { return db.Client.SyncRun.GetX(ctx, run.ID) }
	tries := func(run *ent.SyncRun) int { mu.Lock(); defer mu.Unlock(); return attempts[run.ID] }

	t.Run("transient error is retried", func(t *testing.T) {
		run := start(5, errors.New("connection reset by peer"))
		info := settle(run)
		if info.State != asynq.TaskStateRetry || info.Retried != 1 {
			t.Fatalf("after a transient error the task is %s (retried %d), want retry", info.State, info.Retried)
		}
		if r := reload(run); r.Status != syncrun.StatusQueued || r.Error != "connection reset by peer" {
			t.Fatalf("run after a transient error: status %s, error %q; want queued with the error shown", r.Status, r.Error)
		}
		// Run the retry now rather than after the back-off.
		if err := insp.RunTask(queue, runTaskID(run.ID)); err != nil {
			t.Fatal(err)
		}
		if info := settle(run); info.State != asynq.TaskStateCompleted {
			t.Fatalf("the retry ended %s: %s", info.State, info.LastErr)
		}
		if r := reload(run); r.Status != syncrun.StatusSucceeded || r.Counters.Created != 1 || tries(run) != 2 {
			t.Fatalf("after the retry: status %s counters %+v after %d attempts", r.Status, r.Counters, tries(run))
		}
	})
	t.Run("permanent error fails at once", func(t *testing.T) {
		run := start(5, fmt.Errorf("the corp has no app: %w", ErrPermanent))
		info := settle(run)
		if info.State != asynq.TaskStateArchived || info.Retried != 0 {
			t.Fatalf("after a permanent error the task is %s (retried %d), want archived at once", info.State, info.Retried)
		}
		if r := reload(run); r.Status != syncrun.StatusFailed || r.Error == "" || r.FinishedAt == nil || tries(run) != 1 {
			t.Fatalf("run after a permanent error: status %s error %q after %d attempts", r.Status, r.Error, tries(run))
		}
	})
	t.Run("skip-retry error fails at once", func(t *testing.T) {
		run := start(5, fmt.Errorf("bad payload: %w", asynq.SkipRetry))
		if info := settle(run); info.State != asynq.TaskStateArchived {
			t.Fatalf("task is %s, want archived", info.State)
		}
		if r := reload(run); r.Status != syncrun.StatusFailed {
			t.Fatalf("run is %s, want failed", r.Status)
		}
	})
	t.Run("transient error on the last attempt fails", func(t *testing.T) {
		run := start(0, errors.New("still down"))
		if info := settle(run); info.State != asynq.TaskStateArchived {
			t.Fatalf("task is %s, want archived", info.State)
		}
		if r := reload(run); r.Status != syncrun.StatusFailed || r.Error != "still down" {
			t.Fatalf("run is %s (%q), want failed with the error", r.Status, r.Error)
		}
	})
}
