package orgsync

import (
	"context"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/audit"
	"imbridge/ent/reviewitem"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
)

// Request starts a sync run.
type Request struct {
	CorpID int
	// Kind is oa_to_im or im_to_oa; "" takes the profile's mode.
	Kind    syncrun.Kind
	DryRun  bool
	Purpose syncrun.Purpose // "" = sync
	Trigger syncrun.Trigger // "" = manual
	By      string
	// UndoOf is the run an undo reverses (Purpose undo).
	UndoOf int
	// AppliesRun is the dry run whose plan the run applies.
	AppliesRun int
	// Payload is the job's input (an incremental run's keys).
	Payload []byte
}

// SyncKind says whether a run kind is one of the two sync directions.
func SyncKind(k syncrun.Kind) bool { return k == syncrun.KindOaToIm || k == syncrun.KindImToOa }

// Create validates a request and stores the queued run; the caller
// enqueues it (worker.TypeSync) once the transaction commits.
//
// Rules: the corp needs a sync profile; the direction defaults to its mode
// and a run that writes must go the profile's way (a dry run may look
// either way); one writing run per corp at a time — a run queued, running
// or awaiting approval must end first (*StateError).
func Create(ctx context.Context, db *ent.Client, r Request) (*ent.SyncRun, error) {
	p, err := db.SyncProfile.Query().Where(syncprofile.CorpID(r.CorpID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &InputError{"corpID", "the corp has no sync profile: create one first (通讯录管理 › 接口参数设置)"}
	}
	if err != nil {
		return nil, err
	}
	kind := r.Kind
	if kind == "" {
		kind = syncrun.Kind(p.Mode)
	}
	if !SyncKind(kind) {
		return nil, &InputError{"direction", fmt.Sprintf("the profile's mode is %s, which only mirrors the IM: choose oa_to_im or im_to_oa, or change the profile's mode", p.Mode)}
	}
	if !r.DryRun && string(kind) != string(p.Mode) {
		return nil, &InputError{"direction", fmt.Sprintf("the profile's mode is %s: a run that writes must go that way (a dry run may look the other way)", p.Mode)}
	}
	if !r.DryRun {
		busy, err := db.SyncRun.Query().Where(syncrun.CorpID(r.CorpID), syncrun.KindIn(syncrun.KindOaToIm, syncrun.KindImToOa),
			syncrun.DryRun(false), syncrun.StatusIn(syncrun.StatusQueued, syncrun.StatusRunning, syncrun.StatusAwaitingApproval)).
			Order(ent.Desc(syncrun.FieldID)).First(ctx)
		if err == nil && busy.Status == syncrun.StatusAwaitingApproval {
			// Say what to do, not only what is in the way: the approvals
			// tab of the sync console (or the API) ends the wait.
			return nil, stateErr("run %d of this corp waits for an admin's approval (%s), and a corp runs one writing sync at a time: approve or reject run %d first, in the console under Sync › Approvals (/sync?tab=approvals) or with approveSyncRun / rejectSyncRun",
				busy.ID, waitingWhy(busy), busy.ID)
		}
		if err == nil {
			return nil, stateErr("run %d of this corp is %s: wait for it to end before starting another (Sync › Runs, /sync?tab=runs)", busy.ID, busy.Status)
		}
		if !ent.IsNotFound(err) {
			return nil, err
		}
	}
	c := db.SyncRun.Create().SetCorpID(r.CorpID).SetKind(kind).SetDryRun(r.DryRun).SetCreatedBy(r.By)
	if r.Purpose != "" {
		c.SetPurpose(r.Purpose)
	}
	if r.Trigger != "" {
		c.SetTrigger(r.Trigger)
	}
	if r.UndoOf != 0 {
		c.SetUndoOfID(r.UndoOf)
	}
	if r.AppliesRun != 0 {
		c.SetAppliesRunID(r.AppliesRun)
	}
	if r.Payload != nil {
		c.SetPayload(r.Payload)
	}
	return c.Save(ctx)
}

// CreateApply starts a run applying the plan of a succeeded dry run
// (模拟同步 → apply this plan). The run re-plans when it starts and
// compares (see Apply's plan check).
func CreateApply(ctx context.Context, db *ent.Client, dryRunID int, by string) (*ent.SyncRun, error) {
	dry, err := db.SyncRun.Get(ctx, dryRunID)
	if err != nil {
		return nil, err
	}
	if !SyncKind(dry.Kind) || !dry.DryRun {
		return nil, &InputError{"runID", "not a dry run of a sync"}
	}
	if dry.Status != syncrun.StatusSucceeded {
		return nil, stateErr("dry run %d is %s: only a succeeded dry run's plan can be applied", dry.ID, dry.Status)
	}
	if dry.Purpose == syncrun.PurposeIncremental {
		return nil, &InputError{"runID", "an incremental dry run cannot be applied"}
	}
	return Create(ctx, db, Request{CorpID: *dry.CorpID, Kind: dry.Kind, Purpose: dry.Purpose, UndoOf: deref(dry.UndoOfID),
		AppliesRun: dry.ID, By: by, Trigger: syncrun.TriggerManual})
}

// CreateUndo starts the undo of a finished, non-dry sync run.
func CreateUndo(ctx context.Context, db *ent.Client, runID int, dryRun bool, by string) (*ent.SyncRun, error) {
	run, err := db.SyncRun.Get(ctx, runID)
	if err != nil {
		return nil, err
	}
	if !SyncKind(run.Kind) || run.DryRun {
		return nil, &InputError{"input.runID", "only a sync run that applied changes can be undone"}
	}
	if run.Status != syncrun.StatusSucceeded && run.Status != syncrun.StatusSucceededWithErrors {
		return nil, stateErr("run %d is %s: only a finished run can be undone", run.ID, run.Status)
	}
	return Create(ctx, db, Request{CorpID: *run.CorpID, Kind: run.Kind, DryRun: dryRun, Purpose: syncrun.PurposeUndo, UndoOf: run.ID, By: by})
}

// Approve lets a run the deletion brake stopped apply its stored plan as
// it is; the caller enqueues worker.TypeSyncApply once committed.
func Approve(ctx context.Context, db *ent.Client, runID int, by string) (*ent.SyncRun, error) {
	run, err := awaiting(ctx, db, runID)
	if err != nil {
		return nil, err
	}
	run, err = run.Update().SetStatus(syncrun.StatusQueued).SetApprovedBy(by).SetApprovedAt(time.Now()).ClearError().Save(ctx)
	if err != nil {
		return nil, err
	}
	err = audit.Record(ctx, db, audit.Entry{Action: "sync.approve", TargetType: "SyncRun", TargetID: fmt.Sprint(run.ID),
		Summary: fmt.Sprintf("approved %s run %d: its stored plan is applied", run.Kind, run.ID)})
	return run, err
}

// Reject discards the stored plan of a run the brake stopped: every
// pending change is skipped and the run ends canceled.
func Reject(ctx context.Context, db *ent.Client, runID int, by, reason string) (*ent.SyncRun, error) {
	run, err := awaiting(ctx, db, runID)
	if err != nil {
		return nil, err
	}
	msg := "rejected by " + by
	if reason != "" {
		msg += ": " + reason
	}
	if err := db.SyncChange.Update().Where(syncchange.RunID(run.ID), syncchange.StatusEQ(syncchange.StatusPending)).
		SetStatus(syncchange.StatusSkipped).SetMessage("the run was rejected").Exec(ctx); err != nil {
		return nil, err
	}
	now := time.Now()
	run, err = run.Update().SetStatus(syncrun.StatusCanceled).SetApprovedBy(by).SetApprovedAt(now).SetFinishedAt(now).SetError(msg).Save(ctx)
	if err != nil {
		return nil, err
	}
	err = audit.Record(ctx, db, audit.Entry{Action: "sync.reject", TargetType: "SyncRun", TargetID: fmt.Sprint(run.ID),
		Summary: fmt.Sprintf("rejected %s run %d: nothing applied", run.Kind, run.ID) + reasonSuffix(reason)})
	return run, err
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return ": " + r
}

func awaiting(ctx context.Context, db *ent.Client, runID int) (*ent.SyncRun, error) {
	run, err := db.SyncRun.Get(ctx, runID)
	if err != nil {
		return nil, err
	}
	if run.Status != syncrun.StatusAwaitingApproval {
		return nil, stateErr("run %d is %s, not awaiting approval", run.ID, run.Status)
	}
	return run, nil
}

// PendingApprovals counts the runs waiting for an admin's approval (the
// console's badge).
func PendingApprovals(ctx context.Context, db *ent.Client) (int, error) {
	return db.SyncRun.Query().Where(syncrun.StatusEQ(syncrun.StatusAwaitingApproval)).Count(ctx)
}

// OpenReview is the review queue's predicate for callers that want only
// open items.
var OpenReview = reviewitem.StatusEQ(reviewitem.StatusOpen)

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// waitingWhy says briefly why a run waits for approval.
func waitingWhy(run *ent.SyncRun) string {
	switch {
	case run.Plan != nil && run.Plan.ChangedSince != nil:
		return "the directories changed since its dry run"
	case run.Plan != nil && run.Plan.Brake.Tripped:
		return "the deletion brake held it"
	}
	return "held"
}
