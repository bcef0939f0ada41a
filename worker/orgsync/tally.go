package orgsync

import (
	"context"
	"time"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/ent/syncchange"
	"imbridge/worker/orgsync/plan"
)

// tally adds one finished change to the counters: failed and skipped by
// their status, applied ones by what they did.
func tally(c detail.Counters, a plan.Action, st syncchange.Status) detail.Counters {
	switch st {
	case syncchange.StatusFailed:
		c.Failed++
		return c
	case syncchange.StatusSkipped:
		c.Unchanged++
		return c
	case syncchange.StatusPending:
		return c
	}
	switch a {
	case plan.ActionCreateDepartment, plan.ActionCreateUser:
		c.Created++
	case plan.ActionUpdateDepartment, plan.ActionUpdateUser, plan.ActionEnableUser, plan.ActionRestoreUser,
		plan.ActionBindUser, plan.ActionBindDepartment, plan.ActionUnbindUser, plan.ActionUnbindDepartment:
		c.Updated++
	case plan.ActionMoveDepartment, plan.ActionMoveUser:
		c.Moved++
	case plan.ActionDisableUser, plan.ActionDeleteUser, plan.ActionDeleteDepartment:
		c.Removed++
	}
	return c
}

// Finished is what an attempt of a run's apply finished, read back from
// the changes' rows: the changes recorded (applied, failed or skipped) at
// or after from and before to, counted as the apply counts them, and when
// the last of them was recorded (zero: none).
//
// An attempt that died (kill -9) could not report its counters; the next
// attempt settles them from the rows, which every change's outcome is
// committed with, so each change is counted once, by the attempt that
// recorded it.
func Finished(ctx context.Context, db *ent.Client, runID int, from, to time.Time) (detail.Counters, time.Time, error) {
	rs, err := db.SyncChange.Query().
		Where(syncchange.RunID(runID), syncchange.StatusNEQ(syncchange.StatusPending),
			syncchange.AppliedAtGTE(from), syncchange.AppliedAtLT(to)).
		Select(syncchange.FieldAction, syncchange.FieldStatus, syncchange.FieldAppliedAt).All(ctx)
	if err != nil {
		return detail.Counters{}, time.Time{}, err
	}
	var c detail.Counters
	var last time.Time
	for _, r := range rs {
		c = tally(c, plan.Action(r.Action), r.Status)
		if r.AppliedAt != nil && r.AppliedAt.After(last) {
			last = *r.AppliedAt
		}
	}
	return c, last, nil
}
