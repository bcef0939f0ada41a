package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/ent/audit"
	"imbridge/ent/detail"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/worker/progress"
)

// RunFunc does the work of one attempt at a SyncRun. It reports progress
// through report and returns the counters of what this attempt changed
// (the run's are the sum over its attempts), also when it fails. A RunFunc
// that checkpoints stores its checkpoints with saveCheckpoint.
type RunFunc func(ctx context.Context, s *Server, run *ent.SyncRun, report func(Progress)) (detail.Counters, error)

// Progress is what a RunFunc reports.
type Progress struct {
	Phase    string
	Total    int
	Done     int
	Counters detail.Counters
}

// ErrPermanent marks errors that retrying cannot fix (bad input, missing
// configuration): the run fails at once.
var ErrPermanent = errors.New("permanent")

// publishInterval bounds how often progress is published; the final state is
// always published.
const publishInterval = 250 * time.Millisecond

// publishSteps is how many steps a phase's progress is published in at
// least, however fast the run goes: a new phase, or an advance of a
// 1/publishSteps of the phase's total since the last published state, is
// published at once. Without it a pull that takes a second is seen in four
// time-throttled leaps of a quarter of the bar; with it the bar moves in
// steps of at most 1/publishSteps of a phase, and a long run still
// publishes about every publishInterval (a phase adds at most publishSteps
// events).
const publishSteps = 20

// runHandler wraps a RunFunc with what every run job does: act as the system
// inside the run's tenant, move the run through running → succeeded/failed,
// store and publish progress, and audit the outcome.
func (s *Server) runHandler(fn RunFunc) asynq.HandlerFunc {
	return func(ctx context.Context, t *asynq.Task) error {
		p, err := parseRunPayload(t)
		if err != nil {
			return err
		}
		ctx = viewer.System(ctx, "job:"+t.Type(), p.TenantID)
		db := s.p.DB
		run, err := db.SyncRun.Get(ctx, p.RunID)
		if ent.IsNotFound(err) {
			return fmt.Errorf("run %d not found: %w", p.RunID, asynq.SkipRetry)
		}
		if err != nil {
			return err
		}
		if terminal(run.Status) {
			return nil // already done: a duplicate delivery
		}
		// A run resumed by another attempt keeps its start: the first
		// attempt's. Each attempt is recorded, with its own counters.
		// In microseconds, as PostgreSQL stores a timestamp: the run's start
		// and its first attempt's are then the same instant on every
		// database (PostgreSQL rounds nanoseconds, the attempts' JSON keeps them).
		now := time.Now().Truncate(time.Microsecond)
		upd := run.Update().SetStatus(syncrun.StatusRunning).ClearError().SetAttempts(beginAttempt(run, s.name, now))
		if run.StartedAt == nil {
			upd.SetStartedAt(now)
		}
		run, err = upd.Save(ctx)
		if err != nil {
			return err
		}
		if run, err = settleSyncAttempt(ctx, db, run); err != nil {
			return fmt.Errorf("settling the interrupted attempt of run %d: %w", p.RunID, err)
		}
		rep := newReporter(ctx, s, t, run)
		// A resumed run starts where the last attempt left it.
		rep.publish(Progress{Phase: "start", Total: run.Total, Done: run.Done}, true)
		counters, runErr := fn(ctx, s, run, rep.report)
		last := rep.lastProgress()
		if errors.Is(runErr, errAwaitingApproval) {
			return s.finish(ctx, rep, run, syncrun.StatusAwaitingApproval, counters, "")
		}
		if runErr == nil {
			// Items that failed do not fail the run (the rest was written),
			// but the run says so.
			st := syncrun.StatusSucceeded
			if counters.Failed > 0 {
				st = syncrun.StatusSucceededWithErrors
			}
			return s.finish(ctx, rep, run, st, counters, "")
		}
		retried, _ := asynq.GetRetryCount(ctx)
		maxRetry, _ := asynq.GetMaxRetry(ctx)
		if errors.Is(runErr, ErrPermanent) || errors.Is(runErr, asynq.SkipRetry) || retried >= maxRetry {
			if err := s.finish(ctx, rep, run, syncrun.StatusFailed, counters, runErr.Error()); err != nil {
				return err
			}
			return fmt.Errorf("%w: %w", runErr, asynq.SkipRetry)
		}
		// Retryable: back to queued with the error visible until the retry,
		// which is another attempt.
		attempts, total := endAttempt(run, detail.AttemptRetrying, counters, runErr.Error(), time.Now())
		_, _ = run.Update().SetStatus(syncrun.StatusQueued).SetError(runErr.Error()).SetAttempts(attempts).SetCounters(total).
			Save(context.WithoutCancel(ctx))
		last.Counters = counters
		rep.publishState(string(syncrun.StatusQueued), last, runErr.Error())
		return runErr
	}
}

// errAwaitingApproval ends a RunFunc whose run must wait for an admin
// (the sync's deletion brake): the run is stored as awaiting_approval.
var errAwaitingApproval = errors.New("awaiting approval")

// terminal: a run that has ended needs no work; awaiting_approval does.
func terminal(st syncrun.Status) bool {
	return st != syncrun.StatusAwaitingApproval && progress.Terminal(string(st))
}

// finish stores the run's final state, publishes it and audits the outcome.
func (s *Server) finish(ctx context.Context, rep *reporter, run *ent.SyncRun, st syncrun.Status, c detail.Counters, msg string) error {
	ctx = context.WithoutCancel(ctx)
	last := rep.lastProgress()
	now := time.Now()
	attempts, total := endAttempt(run, string(st), c, msg, now)
	upd := run.Update().SetStatus(st).SetFinishedAt(now).SetCounters(total).SetTotal(last.Total).SetDone(last.Done).ClearCheckpoint()
	if attempts != nil {
		upd.SetAttempts(attempts)
	}
	if msg != "" {
		upd.SetError(msg)
	}
	if _, err := upd.Save(ctx); err != nil {
		return fmt.Errorf("storing the outcome of run %d: %w", run.ID, err)
	}
	last.Counters = c
	rep.publishState(string(st), last, msg)
	summary := fmt.Sprintf("%s run %s: created %d, updated %d, moved %d, unchanged %d, removed %d, failed %d",
		run.Kind, st, total.Created, total.Updated, total.Moved, total.Unchanged, total.Removed, total.Failed)
	if len(attempts) > 1 {
		summary += fmt.Sprintf(" (in %d attempts)", len(attempts))
	}
	if msg != "" {
		summary += ": " + msg
	}
	if err := audit.Record(ctx, s.p.DB, audit.Entry{
		Action: "job." + string(run.Kind), TargetType: "SyncRun", TargetID: fmt.Sprint(run.ID),
		Summary: summary, Failed: st == syncrun.StatusFailed,
	}); err != nil {
		s.p.Logger.Warn("auditing run outcome", "run", run.ID, "err", err)
	}
	return nil
}

// reporter stores progress in the task result and publishes it, throttled.
type reporter struct {
	ctx    context.Context
	s      *Server
	task   *asynq.Task
	run    *ent.SyncRun
	mu     sync.Mutex
	last   Progress
	sent   Progress // the state published last
	sentAt time.Time
}

func newReporter(ctx context.Context, s *Server, t *asynq.Task, run *ent.SyncRun) *reporter {
	return &reporter{ctx: ctx, s: s, task: t, run: run}
}

func (r *reporter) report(p Progress) { r.publish(p, false) }

func (r *reporter) lastProgress() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

func (r *reporter) publish(p Progress, force bool) {
	r.mu.Lock()
	r.last = p
	now := time.Now()
	due := force || publishDue(r.sent, r.sentAt, p, now)
	if due {
		r.sent, r.sentAt = p, now
	}
	r.mu.Unlock()
	if due {
		r.publishState(string(syncrun.StatusRunning), p, "")
	}
}

// publishDue reports whether progress p, reported at now, is published
// given the state sent last at sentAt: when publishInterval has passed, at
// a new phase, at the end of a phase, or when it has advanced a step
// (1/publishSteps of the total) since.
func publishDue(sent Progress, sentAt time.Time, p Progress, now time.Time) bool {
	switch {
	case sentAt.IsZero(), now.Sub(sentAt) >= publishInterval, p.Phase != sent.Phase:
		return true
	case p.Total > 0 && p.Done >= p.Total:
		return true
	case p.Total > 0:
		return (p.Done-sent.Done)*publishSteps >= p.Total
	}
	return false
}

// publishState publishes the run's state; p.Counters are the current
// attempt's, published as the run's (added to the earlier attempts').
func (r *reporter) publishState(status string, p Progress, msg string) {
	_, total := runTotals(r.run, p.Counters)
	e := progress.Event{
		RunID: r.run.ID, TenantID: r.run.TenantID, Kind: string(r.run.Kind), Status: status, Phase: p.Phase,
		Total: p.Total, Done: p.Done, Counters: total, Error: msg,
	}
	if r.run.CorpID != nil {
		e.CorpID = *r.run.CorpID
	}
	if w := r.task.ResultWriter(); w != nil {
		if data, err := json.Marshal(e); err == nil {
			_, _ = w.Write(data)
		}
	}
	if err := progress.Publish(context.WithoutCancel(r.ctx), r.s.p.Broker, e); err != nil {
		r.s.p.Logger.Warn("publishing progress", "run", r.run.ID, "err", err)
	}
}
