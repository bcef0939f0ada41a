package graph

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/syncrun"
)

// syncRunsChanged streams every published state of the corp's runs (of one
// kind, or all) from now on, for a run list that stays current without
// polling. The corp is read through the tenant filter first, so another
// tenant's corp is NOT_FOUND; the hub hands over only this tenant's events.
// Each run is read once, through the same filter, and then follows its
// events; its end is re-read, as the worker stores it before publishing.
func (r *Resolver) syncRunsChanged(ctx context.Context, corpID int, kind *syncrun.Kind) (<-chan *ent.SyncRun, error) {
	corp, err := r.Client.Corp.Get(ctx, corpID)
	if err != nil {
		return nil, err
	}
	events, cancel := r.Hub.SubscribeTenant(corp.TenantID)
	out := make(chan *ent.SyncRun, 1)
	go func() {
		defer close(out)
		defer cancel()
		seen := map[int]*ent.SyncRun{}
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-events:
				if !ok {
					return
				}
				if e.CorpID != corpID || (kind != nil && e.Kind != string(*kind)) {
					continue
				}
				run := seen[e.RunID]
				if run == nil || e.Terminal() {
					if run, err = r.Client.SyncRun.Get(ctx, e.RunID); err != nil {
						continue // gone, or not readable by this viewer
					}
				}
				if e.Terminal() {
					delete(seen, e.RunID)
				} else {
					seen[e.RunID] = run
					run = withEvent(run, e)
				}
				select {
				case out <- run:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}
