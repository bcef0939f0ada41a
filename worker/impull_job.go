package worker

import (
	"context"
	"errors"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/corp"
	"imbridge/ent/detail"
	"imbridge/ent/syncprofile"
	"imbridge/platform"
	"imbridge/platform/wecom"
	"imbridge/worker/binder"
	"imbridge/worker/mirror"
)

// pullInFlight bounds a pull's concurrent user listings: enough to hide a
// round trip of tens of ms behind the platforms' limits (Feishu 50/s,
// WeCom 10,000/min per cgi), few enough to stay far from WeCom's
// concurrency refusal (45033).
const pullInFlight = 8

// pullInFlightFor is the listings in flight for a corp's platform: WeCom's
// per-cgi budget (10,000/min) needs more overlap than Feishu's to be the
// bound rather than the round trip (wecom.PullInFlight says why).
func pullInFlightFor(p corp.Platform) int {
	if p == corp.PlatformWecom {
		return wecom.PullInFlight
	}
	return pullInFlight
}

// imPull mirrors a corp's IM directory into the bridge. It resumes from the
// run's checkpoint when a previous attempt died, and stores a new checkpoint
// after every committed batch.
func imPull(ctx context.Context, s *Server, run *ent.SyncRun, report func(Progress)) (detail.Counters, error) {
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
	dir, err := s.p.Platforms.Directory(a, c)
	if err != nil {
		return detail.Counters{}, fmt.Errorf("%w: %w", err, ErrPermanent)
	}
	var last mirror.Progress
	// A narrow contact range cannot read the root: the pull starts from
	// what the range grants, exactly as the sync's refresh (sync_job.go).
	mp, err := mirror.InRange(ctx, mirror.Params{
		Client: db, CorpID: c.ID, RunID: run.ID, Dir: dir, Top: top, Checkpoint: run.Checkpoint,
		InFlight: pullInFlightFor(c.Platform),
		// The row keeps the progress as of the last checkpoint, for readers
		// that do not subscribe (the live stream has every step).
		Save: func(ctx context.Context, cp []byte) error {
			return saveCheckpoint(run, cp, Progress{Phase: last.Phase, Total: last.Total, Done: last.Done, Counters: last.Counters}).Exec(ctx)
		},
		Report: func(p mirror.Progress) {
			last = p
			report(Progress{Phase: p.Phase, Total: p.Total, Done: p.Done, Counters: p.Counters})
		},
	})
	if errors.Is(err, mirror.ErrNoRange) {
		return detail.Counters{}, fmt.Errorf("%w: %w", err, ErrPermanent)
	}
	if err != nil {
		return detail.Counters{}, permanentIfRefused(err)
	}
	res, err := mirror.Run(ctx, mp)
	if len(res.Errors) > 0 {
		if uerr := db.SyncRun.UpdateOneID(run.ID).SetErrors(res.Errors).Exec(context.WithoutCancel(ctx)); uerr != nil {
			s.p.Logger.Warn("storing run errors", "run", run.ID, "err", uerr)
		}
	}
	if err != nil {
		return res.Counters, permanentIfRefused(err)
	}
	if err := autoBindAfterPull(ctx, s, c.ID, run.ID); err != nil {
		return res.Counters, fmt.Errorf("auto-binding after the pull: %w", err)
	}
	return res.Counters, nil
}

// autoBindAfterPull binds the corp's new IM users to OA users by the
// profile's auto-bind field (新用户关联系统账号, seed 003 §4.2.1), in one
// transaction; ambiguous people go to the review queue. A profile without
// the field, or with a custom attribute the mirror does not hold, binds
// nobody.
func autoBindAfterPull(ctx context.Context, s *Server, corpID, runID int) error {
	db := s.p.DB
	p, err := db.SyncProfile.Query().Where(syncprofile.CorpID(corpID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	field := binder.Field(p.AutoBindField)
	if field == binder.FieldOAUserID || !field.Valid() {
		return nil
	}
	tx, err := db.Tx(ctx)
	if err != nil {
		return err
	}
	res, err := binder.AutoBind(ctx, tx.Client(), binder.AutoBindInput{CorpID: corpID, Field: field, RunID: runID})
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if res.Bound+res.Ambiguous > 0 {
		s.p.Logger.Info("auto-bound after pull", "corp", corpID, "run", runID, "bound", res.Bound,
			"ambiguous", res.Ambiguous, "queued", res.Queued, "not_found", res.NotFound, "taken", res.Taken)
	}
	return nil
}

// permanentIfRefused marks a platform refusal that no retry can fix (the
// app's credentials or permissions, a tree outside the app's contact range,
// a top department that does not exist, a bad request) as permanent, so the
// run fails at once with the platform's message and what to change; rate
// limits and transient failures stay retryable.
func permanentIfRefused(err error) error {
	var pe *platform.Error
	if errors.As(err, &pe) && !pe.Class.Retryable() {
		return fmt.Errorf("%w: %w", err, ErrPermanent)
	}
	return err
}

// pullSettings picks the app and top department of a corp's pull: the sync
// profile's, or by default the corp's first app with a secret and the root.
func pullSettings(ctx context.Context, db *ent.Client, c *ent.Corp) (*ent.App, string, error) {
	p, err := db.SyncProfile.Query().Where(syncprofile.CorpID(c.ID)).WithApp().Only(ctx)
	switch {
	case err == nil:
		return p.Edges.App, p.TopDepartmentID, nil
	case !ent.IsNotFound(err):
		return nil, "", err
	}
	a, err := db.App.Query().Where(app.CorpID(c.ID), app.AppSecretSealedNotNil()).Order(app.ByID()).First(ctx)
	if ent.IsNotFound(err) {
		return nil, "", fmt.Errorf("corp %q has no app with a secret to read its directory with: %w", c.Name, ErrPermanent)
	}
	if err != nil {
		return nil, "", err
	}
	return a, platform.RootDepartmentID, nil
}
