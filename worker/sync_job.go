package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/platform"
	"imbridge/platform/appclient"
	"imbridge/worker/mirror"
	"imbridge/worker/orgsync"
	"imbridge/worker/orgsync/plan"
)

// Sync task types (issue 8).
const (
	// TypeSync plans a sync run (oa_to_im / im_to_oa) and, unless it is a
	// dry run or must wait for approval, applies the plan.
	TypeSync = "directory:sync"
	// TypeSyncApply applies the stored plan of an approved run.
	TypeSyncApply = "directory:sync_apply"
)

// EnqueueSyncApply enqueues the apply of an approved run. Its task id
// differs from the run's planning task (which asynq keeps for a week), so
// the approval is not mistaken for a duplicate.
func (c *Client) EnqueueSyncApply(ctx context.Context, p RunPayload) error {
	t, err := newRunTask(TypeSyncApply, p)
	if err != nil {
		return err
	}
	_, err = c.asynq.EnqueueContext(ctx, t,
		asynq.Queue(c.broker.Queue(QueueDefault)),
		asynq.TaskID(fmt.Sprintf("apply-%d", p.RunID)),
		asynq.MaxRetry(5),
		asynq.Retention(retention),
	)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	return err
}

// syncRun is the RunFunc of sync runs: the engine in package orgsync with
// the platform's reader and writer, the mirror refresh and the webhook
// publisher wired in.
func syncRun(ctx context.Context, s *Server, run *ent.SyncRun, report func(Progress)) (detail.Counters, error) {
	db := s.p.DB
	if run.CorpID == nil {
		return detail.Counters{}, fmt.Errorf("run %d has no corp: %w", run.ID, ErrPermanent)
	}
	c, err := db.Corp.Get(ctx, *run.CorpID)
	if err != nil {
		return detail.Counters{}, fmt.Errorf("loading corp: %w", err)
	}
	a, top, err := pullSettings(ctx, db, c)
	if err != nil {
		return detail.Counters{}, err
	}
	params := orgsync.RunParams{
		DB: db, Run: run, Concurrency: s.p.SyncConcurrency, Lanes: orgsync.FeishuLanes(),
		Report: func(p orgsync.Progress) {
			report(Progress{Phase: p.Phase, Total: p.Total, Done: p.Done, Counters: p.Counters})
		},
		// The row keeps the apply's progress as of its last batch: readers
		// that do not subscribe see it, and the attempt's end and counters
		// are there should the process die.
		Checkpoint: func(ctx context.Context, p orgsync.Progress) error {
			return saveCheckpoint(run, nil, Progress{Phase: p.Phase, Total: p.Total, Done: p.Done, Counters: p.Counters}).Exec(ctx)
		},
		Refresh: func(ctx context.Context) error {
			dir, err := s.p.Platforms.Directory(a, c)
			if err != nil {
				return fmt.Errorf("%w: %w", err, ErrPermanent)
			}
			// A narrow contact range cannot read the root: the refresh starts
			// from what the range grants.
			mp, err := mirror.InRange(ctx, mirror.Params{Client: db, CorpID: c.ID, RunID: run.ID, Dir: dir, Top: top,
				Save: func(context.Context, []byte) error { return nil },
				Report: func(p mirror.Progress) {
					report(Progress{Phase: orgsync.PhaseRefresh + ":" + p.Phase, Total: p.Total, Done: p.Done})
				}})
			if errors.Is(err, mirror.ErrNoRange) {
				return fmt.Errorf("%w: %w", err, ErrPermanent)
			}
			if err != nil {
				return permanentIfRefused(err)
			}
			_, err = mirror.Run(ctx, mp)
			return permanentIfRefused(err)
		},
		ContactRange: func(ctx context.Context) (*plan.ContactRange, error) {
			dir, err := s.p.Platforms.Directory(a, c)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", err, ErrPermanent)
			}
			rr, ok := dir.(platform.ContactRangeReader)
			if !ok {
				return nil, nil // the platform cannot say: planned unchecked
			}
			r, err := rr.ContactRange(ctx)
			if err != nil {
				return nil, permanentIfRefused(err)
			}
			return &plan.ContactRange{All: r.All, Departments: r.DepartmentIDs, Users: r.UserIDs}, nil
		},
		RestoreWindow: restoreWindow(s.p.Platforms, a, c),
		Target: func(ctx context.Context, prof *ent.SyncProfile) (orgsync.Target, error) {
			if run.Kind == "im_to_oa" {
				return &orgsync.OATarget{Pub: s.WebhookPublisher(), TenantID: run.TenantID, RunID: run.ID, CorpID: c.ID,
					Platform: string(c.Platform), CorpKey: c.CorpID, By: "sync run " + fmt.Sprint(run.ID)}, nil
			}
			w, err := s.p.Platforms.DirectoryWriter(a, c)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", err, ErrPermanent)
			}
			dir, err := s.p.Platforms.Directory(a, c)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", err, ErrPermanent)
			}
			return &orgsync.IMTarget{W: w, CorpID: c.ID, By: "sync run " + fmt.Sprint(run.ID),
				Acceptor: orgsync.AcceptorOf(prof), Dir: dir,
				Echo: func(ctx context.Context, kind, id, typ string) {
					_ = s.echoes.Remember(ctx, a.ID, EchoKey(kind, id), typ, 10*time.Minute)
				}}, nil
		},
	}
	counters, err := orgsync.Execute(ctx, params)
	switch {
	case errors.Is(err, orgsync.ErrPlan), errors.Is(err, orgsync.ErrRefused):
		return counters, fmt.Errorf("%w: %w", err, ErrPermanent)
	case errors.Is(err, orgsync.ErrAwaitingApproval):
		return counters, errAwaitingApproval
	}
	return counters, err
}

// settleSyncAttempt settles a sync run's attempt that died (kill -9, a lost
// machine) from the changes it recorded: its counters and its end (see
// settleInterrupted). Called when the next attempt begins.
func settleSyncAttempt(ctx context.Context, db *ent.Client, run *ent.SyncRun) (*ent.SyncRun, error) {
	if !orgsync.SyncKind(run.Kind) {
		return run, nil
	}
	attempts, total, ok, err := settleInterrupted(run, func(from, to time.Time) (detail.Counters, time.Time, error) {
		return orgsync.Finished(ctx, db, run.ID, from, to)
	})
	if err != nil || !ok {
		return run, err
	}
	return run.Update().SetAttempts(attempts).SetCounters(total).Save(ctx)
}

// restoreWindow is how long the corp's platform can restore a deleted user
// (platform.UserRestorer); 0 when it cannot or its writer is unavailable
// (the run then fails where it writes, with that error).
func restoreWindow(f *appclient.Factory, a *ent.App, c *ent.Corp) time.Duration {
	if f == nil {
		return 0
	}
	w, err := f.DirectoryWriter(a, c)
	if err != nil {
		return 0
	}
	return platform.RestoreWindowOf(w)
}
