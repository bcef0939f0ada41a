package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/worker/mirror"
	"imbridge/worker/orgsync"
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
		Refresh: func(ctx context.Context) error {
			dir, err := s.p.Platforms.Directory(a, c)
			if err != nil {
				return fmt.Errorf("%w: %w", err, ErrPermanent)
			}
			_, err = mirror.Run(ctx, mirror.Params{Client: db, CorpID: c.ID, RunID: run.ID, Dir: dir, Top: top,
				Save: func(context.Context, []byte) error { return nil },
				Report: func(p mirror.Progress) {
					report(Progress{Phase: orgsync.PhaseRefresh + ":" + p.Phase, Total: p.Total, Done: p.Done})
				}})
			return permanentIfRefused(err)
		},
		Target: func(ctx context.Context, prof *ent.SyncProfile) (orgsync.Target, error) {
			if run.Kind == "im_to_oa" {
				return &orgsync.OATarget{Pub: s.WebhookPublisher(), TenantID: run.TenantID, RunID: run.ID, CorpID: c.ID,
					Platform: string(c.Platform), CorpKey: c.CorpID, By: "sync run " + fmt.Sprint(run.ID)}, nil
			}
			w, err := s.p.Platforms.Writer(a, c)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", err, ErrPermanent)
			}
			return &orgsync.IMTarget{W: w, CorpID: c.ID, By: "sync run " + fmt.Sprint(run.ID),
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
