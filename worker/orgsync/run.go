package orgsync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/audit"
	"imbridge/ent/detail"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/worker/orgsync/plan"
)

// ErrAwaitingApproval ends a run that must wait for an admin: the deletion
// brake tripped, or the directories changed since the dry run it applies.
// The plan is stored; nothing was applied.
var ErrAwaitingApproval = errors.New("the run waits for an admin's approval")

// ErrPlan marks planning errors no retry can fix (read_only, a top
// department mismatch, bad settings): the run fails with the planner's
// message.
var ErrPlan = errors.New("the sync cannot be planned")

// Progress is what a run reports.
type Progress struct {
	Phase       string
	Done, Total int
	Counters    detail.Counters
}

// Phases of a sync run.
const (
	PhaseRefresh = "refresh" // oa_to_im: the mirror is pulled first
	PhaseFetch   = "fetch"
	PhasePlan    = "plan"
	PhaseApply   = "apply"
)

// RunParams drive one sync run.
type RunParams struct {
	DB  *ent.Client
	Run *ent.SyncRun
	// Refresh pulls the IM directory into the mirror (oa_to_im runs call
	// it first, seed 003 §4.1 (3)); nil skips it.
	Refresh func(ctx context.Context) error
	// ContactRange reads the IM app's contact range (通讯录权限范围) for an
	// oa_to_im plan, which then writes nothing outside it; nil, or a nil
	// range, plans without the check.
	ContactRange func(ctx context.Context) (*plan.ContactRange, error)
	// Target makes the run's target; called only when there is something
	// to apply.
	Target func(ctx context.Context, p *ent.SyncProfile) (Target, error)
	Report func(Progress)
	// Checkpoint stores the apply's progress in the run's row, every batch
	// of changes (ApplyParams.Checkpoint); nil: never.
	Checkpoint  func(ctx context.Context, p Progress) error
	Concurrency int
	// Lanes are the target platform's small budgets (ApplyParams.Lanes).
	Lanes map[plan.Action]Lane
	// RestoreWindow is how long after deletion the target IM can restore
	// a user (platform.RestoreWindowOf the writer); 0: it cannot.
	RestoreWindow time.Duration
	Attempts      int
	Backoff       func(n int) time.Duration
	Now           func() time.Time
}

// Incremental is the payload of an incremental run: the keys it is about
// (source or target keys of users and departments).
type Incremental struct {
	Keys []string `json:"keys"`
}

// Execute runs a sync run: plan (unless a stored plan awaits its apply),
// store, then apply unless it is a dry run or must wait for approval.
// It returns the counters; ErrAwaitingApproval when the run waits (the
// caller sets the status); errors wrapping ErrPlan are permanent.
func Execute(ctx context.Context, p RunParams) (detail.Counters, error) {
	db, run := p.DB, p.Run
	report := func(pr Progress) {
		if p.Report != nil {
			p.Report(pr)
		}
	}
	if run.CorpID == nil || !SyncKind(run.Kind) {
		return detail.Counters{}, fmt.Errorf("run %d is not a sync run: %w", run.ID, ErrPlan)
	}
	prof, err := db.SyncProfile.Query().Where(syncprofile.CorpID(*run.CorpID)).Only(ctx)
	if err != nil {
		return detail.Counters{}, fmt.Errorf("sync profile: %w", err)
	}
	if run.Plan == nil {
		if err := planRun(ctx, p, prof, report); err != nil {
			return detail.Counters{}, err
		}
		if run, err = db.SyncRun.Get(ctx, run.ID); err != nil {
			return detail.Counters{}, err
		}
		p.Run = run
		if run.DryRun {
			return detail.Counters{}, nil
		}
	}
	if run.DryRun {
		return detail.Counters{}, nil
	}
	if run.ApprovedAt == nil && (run.Plan.Brake.Tripped || run.Plan.ChangedSince != nil) {
		return detail.Counters{}, ErrAwaitingApproval
	}
	if plan.Mode(run.Kind) == plan.ModeOAToIM && prof.Permission != syncprofile.PermissionReadWrite {
		return detail.Counters{}, fmt.Errorf("%w: the sync profile's permission is read_only, which refuses every write to the IM: switch it to read_write to apply this plan", ErrPlan)
	}
	t, err := p.Target(ctx, prof)
	if err != nil {
		return detail.Counters{}, err
	}
	report(Progress{Phase: PhaseApply, Total: run.Total})
	lanes := p.Lanes
	if run.Kind != syncrun.KindOaToIm {
		lanes = nil // the OA side is the bridge's own database
	}
	return Apply(ctx, ApplyParams{DB: db, Run: run, Target: t, Concurrency: p.Concurrency, Attempts: p.Attempts, Backoff: p.Backoff, Lanes: lanes,
		By: "sync run " + fmt.Sprint(run.ID),
		Report: func(done, total int, c detail.Counters) {
			report(Progress{Phase: PhaseApply, Done: done, Total: total, Counters: c})
		},
		Checkpoint: func(ctx context.Context, done, total int, c detail.Counters) error {
			if p.Checkpoint == nil {
				return nil
			}
			return p.Checkpoint(ctx, Progress{Phase: PhaseApply, Done: done, Total: total, Counters: c})
		}})
}

// planRun fetches, plans and stores the run's plan.
func planRun(ctx context.Context, p RunParams, prof *ent.SyncProfile, report func(Progress)) error {
	db, run := p.DB, p.Run
	// A small run trusts the mirror the contact events keep current.
	if run.Kind == syncrun.KindOaToIm && p.Refresh != nil && run.Purpose != syncrun.PurposeIncremental {
		report(Progress{Phase: PhaseRefresh})
		if err := p.Refresh(ctx); err != nil {
			return fmt.Errorf("refreshing the IM mirror before the sync: %w", err)
		}
	}
	report(Progress{Phase: PhaseFetch})
	in, _, _, err := fetchInput(ctx, db, prof, run.Kind)
	if err != nil {
		return err
	}
	if run.Kind == syncrun.KindOaToIm && p.ContactRange != nil {
		if in.IMRange, err = p.ContactRange(ctx); err != nil {
			return fmt.Errorf("reading the app's contact range (通讯录权限范围): %w", err)
		}
	}
	report(Progress{Phase: PhasePlan})
	now := time.Now()
	if p.Now != nil {
		now = p.Now()
	}
	if p.RestoreWindow > 0 {
		in.IMRestoreSince = now.Add(-p.RestoreWindow)
	}
	var pl *plan.Plan
	switch run.Purpose {
	case syncrun.PurposeUndo:
		if run.UndoOfID == nil {
			return fmt.Errorf("undo run %d names no run: %w", run.ID, ErrPlan)
		}
		applied, err := appliedChanges(ctx, db, *run.UndoOfID)
		if err != nil {
			return err
		}
		pl, err = plan.Undo(in, applied)
		if err != nil {
			return planErr(err)
		}
	case syncrun.PurposeOffboarding:
		pl, err = plan.Offboard(in, now)
		if err != nil {
			return planErr(err)
		}
	default:
		if run.Purpose == syncrun.PurposeIncremental {
			// A small run examines only what its event or import touched
			// (and the departments that needs): plan.Input.Only.
			var inc Incremental
			if len(run.Payload) > 0 {
				if err := json.Unmarshal(run.Payload, &inc); err != nil {
					return fmt.Errorf("incremental run %d payload: %v: %w", run.ID, err, ErrPlan)
				}
			}
			if len(inc.Keys) == 0 {
				return fmt.Errorf("incremental run %d names no keys: %w", run.ID, ErrPlan)
			}
			in.Only = inc.Keys
		}
		pl, err = plan.Make(in)
		if err != nil {
			return planErr(err)
		}
	}
	summary := Summary(pl)
	if run.AppliesRunID != nil {
		diff, err := compare(ctx, db, *run.AppliesRunID, pl)
		if err != nil {
			return err
		}
		if diff.Added+diff.Removed > 0 {
			summary.ChangedSince = diff
		}
	}
	if err := retryBusy(ctx, func() error { return storePlan(ctx, db, run, pl, summary) }); err != nil {
		return fmt.Errorf("storing the plan: %w", err)
	}
	// The run's total is the plan's size; a dry run's work is done.
	done := 0
	if run.DryRun {
		done = len(pl.Changes)
	}
	report(Progress{Phase: PhasePlan, Total: len(pl.Changes), Done: done})
	switch {
	case run.DryRun:
	case summary.ChangedSince != nil:
		alert(ctx, db, run, fmt.Sprintf("the directories changed since dry run %d (%d changes added, %d no longer planned as they were): review the new plan and approve it",
			*run.AppliesRunID, summary.ChangedSince.Added, summary.ChangedSince.Removed))
	case summary.Brake.Tripped:
		alert(ctx, db, run, summary.Brake.Reason)
	}
	return nil
}

// alert tells the tenant's admins that a run waits for approval: the audit
// log, and the console's badge (PendingApprovals) once the status is set.
func alert(ctx context.Context, db *ent.Client, run *ent.SyncRun, why string) {
	_ = audit.Record(ctx, db, audit.Entry{Action: "sync.awaiting_approval", TargetType: "SyncRun", TargetID: fmt.Sprint(run.ID),
		Summary: fmt.Sprintf("%s run %d waits for approval: %s", run.Kind, run.ID, why), Failed: true})
}

func planErr(err error) error {
	var ro *plan.ReadOnlyError
	var in *plan.InputError
	var mis *plan.TopDepartmentMismatchError
	var nf *plan.TopDepartmentNotFoundError
	if errors.As(err, &ro) || errors.As(err, &in) || errors.As(err, &mis) || errors.As(err, &nf) {
		return fmt.Errorf("%w: %w", ErrPlan, err)
	}
	return err
}

// appliedChanges are a run's applied changes in order, with provisional
// keys replaced by the keys the target assigned (what plan.Undo needs).
func appliedChanges(ctx context.Context, db *ent.Client, runID int) ([]plan.Change, error) {
	rs, err := db.SyncChange.Query().Where(syncchange.RunID(runID), syncchange.StatusEQ(syncchange.StatusApplied)).
		Order(ent.Asc(syncchange.FieldOrdinal)).All(ctx)
	if err != nil {
		return nil, err
	}
	keys := map[string]string{}
	for _, r := range rs {
		if r.ResultTarget != "" {
			keys[r.Target] = r.ResultTarget
		}
	}
	k := func(s string) string {
		if v, ok := keys[s]; ok {
			return v
		}
		return s
	}
	out := make([]plan.Change, 0, len(rs))
	for _, r := range rs {
		c, err := change(r)
		if err != nil {
			return nil, err
		}
		c.Target = k(c.Target)
		for _, s := range []*plan.Snapshot{c.Before, c.After} {
			if s == nil {
				continue
			}
			s.ParentKey = k(s.ParentKey)
			s.PrimaryDepartment = k(s.PrimaryDepartment)
			for i := range s.PartTimeDepartments {
				s.PartTimeDepartments[i] = k(s.PartTimeDepartments[i])
			}
		}
		if plan.IsProvisional(c.Target) {
			continue // never applied as far as the target knows
		}
		out = append(out, c)
	}
	return out, nil
}

// compare says how a fresh plan differs from a dry run's stored one: a
// change counts as the same when its key (what it does) and its Before
// (what it found) are the same.
func compare(ctx context.Context, db *ent.Client, dryRunID int, fresh *plan.Plan) (*detail.PlanDifference, error) {
	rs, err := db.SyncChange.Query().Where(syncchange.RunID(dryRunID)).Select(syncchange.FieldKey, syncchange.FieldBefore).All(ctx)
	if err != nil {
		return nil, err
	}
	old := make(map[string]string, len(rs))
	for _, r := range rs {
		old[r.Key] = r.Before
	}
	d := &detail.PlanDifference{}
	seen := make(map[string]bool, len(fresh.Changes))
	for _, c := range fresh.Changes {
		seen[c.Key] = true
		if b, ok := old[c.Key]; !ok || b != snapshotJSON(c.Before) {
			d.Added++
		}
	}
	for _, r := range rs {
		if !seen[r.Key] {
			d.Removed++
		}
	}
	for _, c := range fresh.Changes {
		if b, ok := old[c.Key]; ok && b != snapshotJSON(c.Before) {
			d.Removed++
		}
	}
	return d, nil
}
