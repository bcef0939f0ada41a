package orgsync

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/syncrun"
	"imbridge/worker/orgsync/plan"
)

// previousImport is what an oa_to_im run's shrink check compares the OA
// with (seed 003 §4.2.3 (3), 用户减少数量阈值: 本次同步的OA用户数量和上一次
// 相比): the OA's head count before the OA imports since the corp's
// previous applied oa_to_im run — before the newest import when no run
// applied yet. So the people the imports dropped count once, and stop
// counting once a run applied (or an admin approved) their departure;
// what the bridge itself wrote into the OA (an im_to_oa run) is not taken
// for people leaving, and nor is a scope change. No import since, or one
// recorded before its head counts were kept (Counters.OAUsersBefore nil):
// nil, and the check is skipped.
func previousImport(ctx context.Context, db *ent.Client, corpID int) (*plan.PreviousImport, error) {
	q := db.SyncRun.Query().Where(syncrun.KindEQ(syncrun.KindOaImport),
		syncrun.StatusIn(syncrun.StatusSucceeded, syncrun.StatusSucceededWithErrors), syncrun.FinishedAtNotNil())
	last, err := db.SyncRun.Query().Where(syncrun.CorpID(corpID), syncrun.KindEQ(syncrun.KindOaToIm), syncrun.DryRun(false),
		syncrun.StatusIn(syncrun.StatusSucceeded, syncrun.StatusSucceededWithErrors), syncrun.StartedAtNotNil()).
		Order(ent.Desc(syncrun.FieldStartedAt), ent.Desc(syncrun.FieldID)).First(ctx)
	var imp *ent.SyncRun
	switch {
	case err == nil:
		imp, err = q.Where(syncrun.FinishedAtGTE(*last.StartedAt)).Order(ent.Asc(syncrun.FieldFinishedAt), ent.Asc(syncrun.FieldID)).First(ctx)
	case ent.IsNotFound(err):
		imp, err = q.Order(ent.Desc(syncrun.FieldFinishedAt), ent.Desc(syncrun.FieldID)).First(ctx)
	}
	if ent.IsNotFound(err) || (err == nil && imp.Counters.OAUsersBefore == nil) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &plan.PreviousImport{Users: *imp.Counters.OAUsersBefore}, nil
}
