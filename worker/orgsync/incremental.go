package orgsync

import (
	"context"
	"encoding/json"
	"errors"

	"imbridge/ent"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
)

// Incremental runs (issue 8 item 11) are small syncs of what one event or
// import touched: the planner examines only the touched users and
// departments and the departments they need (plan.Input.Only), so a small
// run costs in proportion to what it touched. A periodic full run repairs
// any drift.

// CreateIncremental creates the incremental runs that keys call for: for
// each corp whose profile has the given mode (and, for oa_to_im, asks for
// runs after OA imports: sync_on_oa_import). A corp busy with another
// writing run is skipped. corpID 0 means every corp. The caller enqueues
// the runs.
func CreateIncremental(ctx context.Context, db *ent.Client, mode syncprofile.Mode, corpID int, keys []string, trigger syncrun.Trigger, by string) ([]*ent.SyncRun, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	q := db.SyncProfile.Query().Where(syncprofile.ModeEQ(mode))
	if mode == syncprofile.ModeOaToIm {
		q.Where(syncprofile.SyncOnOaImport(true), syncprofile.PermissionEQ(syncprofile.PermissionReadWrite))
	}
	if corpID != 0 {
		q.Where(syncprofile.CorpID(corpID))
	}
	profiles, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	payload, err := json.Marshal(Incremental{Keys: keys})
	if err != nil {
		return nil, err
	}
	var out []*ent.SyncRun
	for _, p := range profiles {
		run, err := Create(ctx, db, Request{CorpID: p.CorpID, Kind: syncrun.Kind(mode), Purpose: syncrun.PurposeIncremental,
			Trigger: trigger, By: by, Payload: payload})
		var busy *StateError
		if errors.As(err, &busy) {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, run)
	}
	return out, nil
}
