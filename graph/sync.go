package graph

import (
	"context"
	"errors"

	"entgo.io/contrib/entgql"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/graph/model"
	"imbridge/worker"
	"imbridge/worker/binder"
	"imbridge/worker/orgsync"
)

// syncError maps the engine's refusals to the API's codes.
func syncError(err error) error {
	var in *orgsync.InputError
	var st *orgsync.StateError
	switch {
	case errors.As(err, &in):
		return badInput(in.Field, in.Rule)
	case errors.As(err, &st):
		return conflict(st.Msg)
	}
	return err
}

// startSync queues a sync run (dry or not).
func (r *Resolver) startSync(ctx context.Context, in model.StartSyncInput, dryRun bool) (*ent.SyncRun, error) {
	v := viewer.FromContext(ctx)
	req := orgsync.Request{CorpID: in.CorpID, DryRun: dryRun || (in.DryRun != nil && *in.DryRun), By: v.Actor(), Trigger: trigger(v)}
	if in.Direction != nil {
		req.Kind = syncrun.Kind(*in.Direction)
	}
	db := r.db(ctx)
	if _, err := db.Corp.Get(ctx, in.CorpID); err != nil {
		return nil, err
	}
	run, err := orgsync.Create(ctx, db, req)
	if err != nil {
		return nil, syncError(err)
	}
	return run, r.enqueueSync(ctx, run)
}

func (r *Resolver) enqueueSync(ctx context.Context, run *ent.SyncRun) error {
	return r.Jobs.EnqueueRunAfterCommit(ctx, worker.TypeSync, worker.QueueDefault, worker.RunPayload{TenantID: run.TenantID, RunID: run.ID})
}

func trigger(v *viewer.Viewer) syncrun.Trigger {
	if v.Kind == viewer.KindToken {
		return syncrun.TriggerAPI
	}
	return syncrun.TriggerManual
}

func (r *Resolver) applySyncPlan(ctx context.Context, runID int) (*ent.SyncRun, error) {
	run, err := orgsync.CreateApply(ctx, r.db(ctx), runID, viewer.FromContext(ctx).Actor())
	if err != nil {
		return nil, syncError(err)
	}
	return run, r.enqueueSync(ctx, run)
}

func (r *Resolver) approveSyncRun(ctx context.Context, id int) (*ent.SyncRun, error) {
	v := viewer.FromContext(ctx)
	if !orgsync.MayApprove(v) {
		return nil, withReason(CodeForbidden, "sync_approver_required",
			"a run the deletion brake held is approved by a tenant admin signed in to the console, not by an API token or an operator", nil)
	}
	run, err := orgsync.Approve(ctx, r.db(ctx), id, v.Actor())
	if err != nil {
		return nil, syncError(err)
	}
	p := worker.RunPayload{TenantID: run.TenantID, RunID: run.ID}
	if tx := ent.TxFromContext(ctx); tx != nil {
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(cctx context.Context, tx *ent.Tx) error {
				if err := next.Commit(cctx, tx); err != nil {
					return err
				}
				return r.Jobs.EnqueueSyncApply(context.WithoutCancel(cctx), p)
			})
		})
		return run, nil
	}
	return run, r.Jobs.EnqueueSyncApply(ctx, p)
}

func (r *Resolver) rejectSyncRun(ctx context.Context, id int, reason *string) (*ent.SyncRun, error) {
	var why string
	if reason != nil {
		why = *reason
	}
	run, err := orgsync.Reject(ctx, r.db(ctx), id, viewer.FromContext(ctx).Actor(), why)
	return run, syncError(err)
}

func (r *Resolver) undoSyncRun(ctx context.Context, in model.UndoSyncRunInput) (*ent.SyncRun, error) {
	dry := in.DryRun == nil || *in.DryRun
	run, err := orgsync.CreateUndo(ctx, r.db(ctx), in.RunID, dry, viewer.FromContext(ctx).Actor())
	if err != nil {
		return nil, syncError(err)
	}
	return run, r.enqueueSync(ctx, run)
}

func (r *Resolver) resolveReviewItem(ctx context.Context, in model.ResolveReviewItemInput) (*ent.ReviewItem, error) {
	var cand string
	if in.Candidate != nil {
		cand = *in.Candidate
	}
	dismiss := in.Dismiss != nil && *in.Dismiss
	if !dismiss && cand == "" {
		return nil, badInput("input.candidate", "choose a candidate, or dismiss the item")
	}
	return binder.ResolveReview(ctx, r.db(ctx), in.ID, cand, dismiss)
}

// setSyncFieldMapping validates and stores a profile's field mapping.
func (r *Resolver) setSyncFieldMapping(ctx context.Context, id int, in []*model.FieldMapInput) (*ent.SyncProfile, error) {
	db := r.db(ctx)
	p, err := db.SyncProfile.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	m := make([]detail.FieldMap, len(in))
	for i, f := range in {
		m[i] = detail.FieldMap{From: f.From, To: f.To, Direction: f.Direction}
	}
	if err := orgsync.CheckFieldMapping(m); err != nil {
		return nil, syncError(err)
	}
	upd := p.Update()
	if len(m) == 0 {
		upd.ClearFieldMapping()
	} else {
		upd.SetFieldMapping(m)
	}
	return upd.Save(ctx)
}

func (r *Resolver) syncChanges(ctx context.Context, runID int, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.SyncChangeOrder, where *ent.SyncChangeWhereInput) (*ent.SyncChangeConnection, error) {
	first, last, err := pageArgs(first, last)
	if err != nil {
		return nil, err
	}
	if len(orderBy) == 0 {
		orderBy = []*ent.SyncChangeOrder{{Field: ent.SyncChangeOrderFieldOrdinal, Direction: entgql.OrderDirectionAsc}}
	}
	return r.db(ctx).SyncChange.Query().Where(syncchange.RunID(runID)).
		Paginate(ctx, after, first, before, last, ent.WithSyncChangeOrder(orderBy), ent.WithSyncChangeFilter(where.Filter))
}

func (r *Resolver) reviewItems(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.ReviewItemOrder, where *ent.ReviewItemWhereInput) (*ent.ReviewItemConnection, error) {
	first, last, err := pageArgs(first, last)
	if err != nil {
		return nil, err
	}
	return r.db(ctx).ReviewItem.Query().
		Paginate(ctx, after, first, before, last, ent.WithReviewItemOrder(orderBy), ent.WithReviewItemFilter(where.Filter))
}

// checkProfileSettings validates the sync settings of a profile create or
// update, naming the field (issue 8 item 4).
func checkProfileSettings(s orgsync.Settings) error {
	return syncError(orgsync.CheckSettings(s))
}

// checkAcceptor validates the resource acceptor a profile create or update
// leaves in place: nil input values keep stored's (nil on a create).
func (r *Resolver) checkAcceptor(ctx context.Context, corpID int, mode *syncprofile.ResourceAcceptor, userID *string, stored *ent.SyncProfile) error {
	m, id := syncprofile.DefaultResourceAcceptor, ""
	if stored != nil {
		m, id = stored.ResourceAcceptor, stored.ResourceAcceptorUserID
	}
	if mode != nil {
		m = *mode
	}
	if userID != nil {
		id = *userID
	}
	return syncError(orgsync.CheckAcceptor(ctx, r.db(ctx), corpID, m, id))
}

func (r *Resolver) pendingSyncApprovals(ctx context.Context) (int, error) {
	return orgsync.PendingApprovals(ctx, r.db(ctx))
}

// syncAfterImport starts the small oa_to_im runs an import that is not
// complete calls for (profiles with sync_on_oa_import).
func (r *Resolver) syncAfterImport(ctx context.Context, keys []string, trigger syncrun.Trigger, by string) error {
	runs, err := orgsync.CreateIncremental(ctx, r.db(ctx), syncprofile.ModeOaToIm, 0, keys, trigger, by)
	if err != nil {
		return err
	}
	for _, run := range runs {
		if err := r.enqueueSync(ctx, run); err != nil {
			return err
		}
	}
	return nil
}
