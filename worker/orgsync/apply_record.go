package orgsync

import (
	"context"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncrun"
	"imbridge/worker/orgsync/plan"
)

// record commits the change's effect in the bridge with its applied mark.
func (a *applier) record(ctx context.Context, it *item, c plan.Change, w Written) error {
	tx, err := a.p.DB.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	tc := tx.Client()
	txCtx := ent.NewTxContext(ctx, tx)
	if c.Action.Writes() {
		if err := a.p.Target.Record(txCtx, tc, c, w); err != nil {
			return fmt.Errorf("recording change #%d (%s %q): %w", it.row.Ordinal, c.Action, c.Name, err)
		}
	} else if err := a.bind(txCtx, tc, c); err != nil {
		return fmt.Errorf("recording change #%d (%s %q): %w", it.row.Ordinal, c.Action, c.Name, err)
	}
	// Only a pending row moves: a second worker that applied it first wins.
	upd := tc.SyncChange.Update().Where(syncchange.ID(it.row.ID), syncchange.StatusEQ(syncchange.StatusPending)).
		SetStatus(syncchange.StatusApplied).SetAppliedAt(time.Now())
	if plan.IsProvisional(it.c.Target) && w.Key != "" {
		upd.SetResultTarget(w.Key)
	}
	n, err := upd.Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return tx.Rollback()
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	a.mu.Lock()
	if plan.IsProvisional(it.c.Target) && w.Key != "" {
		a.keys[it.c.Target] = w.Key
	}
	a.mu.Unlock()
	a.progress(it, syncchange.StatusApplied)
	return nil
}

// bind records a bind/unbind change; the plan's Source and Target face
// the run's direction.
func (a *applier) bind(ctx context.Context, tx *ent.Client, c plan.Change) error {
	corp := *a.p.Run.CorpID
	oa, im := c.Source, c.Target
	if a.p.Run.Kind == syncrun.KindImToOa {
		oa, im = c.Target, c.Source
	}
	m := binding.Method(c.Method)
	if m == "" {
		m = binding.MethodAuto
	}
	switch c.Action {
	case plan.ActionBindUser:
		return bindUsers(ctx, tx, corp, oa, im, m, a.p.By)
	case plan.ActionUnbindUser:
		return unbindUsers(ctx, tx, corp, oa, im)
	case plan.ActionBindDepartment:
		return bindDepts(ctx, tx, corp, oa, im, m, a.p.By)
	case plan.ActionUnbindDepartment:
		return unbindDepts(ctx, tx, corp, oa, im)
	}
	return fmt.Errorf("%s is not a binding change", c.Action)
}

// finish records a failed or skipped change.
func (a *applier) finish(ctx context.Context, i int, st syncchange.Status, code, msg string) error {
	it := a.items[i]
	err := retryBusy(ctx, func() error {
		return a.p.DB.SyncChange.Update().Where(syncchange.ID(it.row.ID), syncchange.StatusEQ(syncchange.StatusPending)).
			SetStatus(st).SetCode(code).SetMessage(clip(msg, 2000)).SetAppliedAt(time.Now()).Exec(ctx)
	})
	if err != nil {
		return err
	}
	it.status = st
	a.progress(it, st)
	return nil
}

func (a *applier) progress(it *item, st syncchange.Status) {
	a.mu.Lock()
	a.count(it, st)
	a.done++
	done, c := a.done, a.counters
	a.mu.Unlock()
	if a.p.Report != nil {
		a.p.Report(done, len(a.items), c)
	}
}

// count adds an outcome to the counters (callers hold mu or run alone).
func (a *applier) count(it *item, st syncchange.Status) {
	a.counters = tally(a.counters, it.c.Action, st)
}
