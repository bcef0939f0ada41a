package push

import (
	"context"
	"errors"
	"time"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/approvalinstance"
	"imbridge/ent/message"
	"imbridge/platform"
)

// checkBatch is how many instances one drift check request names.
const checkBatch = 50

// CheckWindow is how long after its to-do ended (completed or recalled)
// an instance is still checked.
const CheckWindow = 14 * 24 * time.Hour

// CheckReport is what one drift check of an app found and did.
type CheckReport struct {
	Checked  int // instances compared with the platform
	Drifted  int // found different on the platform (missing, other version, tasks)
	Resynced int // synced again because the bridge's own sync had not landed or the rows changed
	Failed   int // repairs or syncs that failed (tried again at the next check)
}

// CheckApprovals is the periodic repair of an app's approval-center
// instances (the job of the scheduled approval check): instances whose
// last sync never landed, or whose rows changed since (a lost job), are
// synced; the rest are compared with the platform (external_instances/
// check) and each one that drifted (lost, rewritten, a task missing or at
// another version) is synced whole (REPLACE) at a version newer than
// anything either side holds.
func (e *Engine) CheckApprovals(ctx context.Context, tenantID, appID int) (CheckReport, error) {
	ctx = systemCtx(ctx, tenantID)
	var rep CheckReport
	a, err := e.p.DB.App.Query().Where(app.ID(appID)).WithCorp().Only(ctx)
	if ent.IsNotFound(err) {
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	msgr, err := e.p.Messenger(ctx, a, a.Edges.Corp)
	if err != nil {
		return rep, err
	}
	ac, ok := msgr.(platform.ApprovalCenter)
	if !ok {
		return rep, nil
	}
	// Pending instances, and ended ones for CheckWindow after their to-do
	// ended (a late drift of an ended to-do still shows in 已办); older ones
	// are left alone, so the check stays bounded by the live to-dos.
	cutoff := e.p.Now().Add(-CheckWindow)
	rows, err := e.p.DB.ApprovalInstance.Query().Where(approvalinstance.AppID(appID),
		approvalinstance.Or(approvalinstance.StatusIn("", string(platform.ApprovalPending)),
			approvalinstance.HasMessageWith(message.Or(message.CompletedAtGT(cutoff), message.RecalledAtGT(cutoff))))).
		Order(ent.Asc(approvalinstance.FieldID)).All(ctx)
	if err != nil {
		return rep, err
	}
	var synced []*ent.ApprovalInstance
	for _, r := range rows {
		before := r.Version
		if err := e.syncInstance(ctx, r.MessageID, appID, msgr, false); err != nil {
			rep.Failed++
			e.p.Logger.Warn("push: approval check: sync", "message", r.MessageID, "err", err)
			continue
		}
		fresh, err := e.p.DB.ApprovalInstance.Get(ctx, r.ID)
		if err != nil {
			return rep, err
		}
		if fresh.Version != before || r.SyncedVersion != fresh.SyncedVersion {
			rep.Resynced++
			continue
		}
		if fresh.SyncedVersion > 0 {
			synced = append(synced, fresh)
		}
	}
	now := e.p.Now()
	for i := 0; i < len(synced); i += checkBatch {
		chunk := synced[i:min(i+checkBatch, len(synced))]
		want := make([]platform.ApprovalVersion, len(chunk))
		byID := map[string]*ent.ApprovalInstance{}
		for j, r := range chunk {
			want[j] = platform.ApprovalVersion{InstanceID: r.InstanceID, Version: r.SyncedVersion, TaskIDs: r.TaskIds}
			byID[r.InstanceID] = r
		}
		drifts, err := ac.CheckInstances(ctx, want)
		if err != nil {
			return rep, err
		}
		rep.Checked += len(chunk)
		for _, d := range drifts {
			r, ok := byID[d.InstanceID]
			if !ok {
				continue
			}
			rep.Drifted++
			seen := []int64{d.Version}
			for _, t := range d.Tasks {
				seen = append(seen, t.Version)
			}
			err := e.syncInstance(ctx, r.MessageID, appID, msgr, true, seen...)
			if err == nil {
				err = e.p.DB.ApprovalInstance.UpdateOneID(r.ID).AddRepairs(1).Exec(ctx)
			}
			if err != nil {
				rep.Failed++
				e.p.Logger.Warn("push: approval check: repair", "instance", d.InstanceID, "err", err)
			}
		}
		ids := make([]int, len(chunk))
		for j, r := range chunk {
			ids[j] = r.ID
		}
		if err := e.p.DB.ApprovalInstance.Update().Where(approvalinstance.IDIn(ids...)).SetCheckedAt(now).Exec(ctx); err != nil {
			return rep, err
		}
	}
	if rep.Failed > 0 {
		return rep, errors.New("approval check: some instances could not be synced; they are tried again at the next check")
	}
	return rep, nil
}
