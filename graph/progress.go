package graph

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/syncrun"
	"imbridge/worker/progress"
)

// syncRunProgress streams a run: its current state first, then each change
// until it ends. The run is read through the tenant filter, so a run of
// another tenant is NOT_FOUND; the hub also drops events of other tenants.
func (r *Resolver) syncRunProgress(ctx context.Context, id int) (<-chan *ent.SyncRun, error) {
	run, err := r.Client.SyncRun.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	// Subscribe before reading the snapshot, so no event falls in between.
	events, cancel := r.Hub.Subscribe(run.TenantID, id)
	if run, err = r.Client.SyncRun.Get(ctx, id); err != nil {
		cancel()
		return nil, err
	}
	snapshot := run
	if !terminalRun(run.Status) {
		if last, err := progress.Last(ctx, r.Broker, id); err == nil && last != nil {
			snapshot = withEvent(run, *last)
		}
	}
	out := make(chan *ent.SyncRun, 1)
	go func() {
		defer close(out)
		defer cancel()
		send := func(s *ent.SyncRun) bool {
			select {
			case out <- s:
				return true
			case <-ctx.Done():
				return false
			}
		}
		if !send(snapshot) || terminalRun(snapshot.Status) {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-events:
				if !ok {
					return
				}
				if !e.Terminal() {
					if !send(withEvent(run, e)) {
						return
					}
					continue
				}
				// The worker stores the final state before publishing it.
				final, err := r.Client.SyncRun.Get(ctx, id)
				if err != nil {
					final = withEvent(run, e)
				}
				send(final)
				return
			}
		}
	}()
	return out, nil
}

func terminalRun(s syncrun.Status) bool { return progress.Terminal(string(s)) }

// withEvent is the run as a progress event describes it.
func withEvent(run *ent.SyncRun, e progress.Event) *ent.SyncRun {
	c := *run
	c.Status = syncrun.Status(e.Status)
	c.Phase = e.Phase
	c.Total, c.Done = e.Total, e.Done
	c.Counters = e.Counters
	c.Error = e.Error
	return &c
}
