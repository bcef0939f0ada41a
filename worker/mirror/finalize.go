package mirror

import (
	"context"
	"fmt"
	"time"

	"imbridge/ent/department"
	"imbridge/ent/user"
)

// finalize marks what the run did not see as removed: users resign, and
// departments get removed_at. It is skipped when any department could not be
// read, so an error can never make people disappear from the mirror.
func (r *runner) finalize(ctx context.Context) error {
	r.phase = PhaseFinalize
	if r.cp.Incomplete {
		r.fail("removals", fmt.Errorf("skipped: some departments could not be read, so people not seen may still be there"), false)
		r.report()
		return nil
	}
	now := time.Now()
	nu, err := r.p.Client.User.Update().
		Where(user.CorpID(r.p.CorpID), user.RemovedAtIsNil(), user.Or(user.LastSeenRunIsNil(), user.LastSeenRunNEQ(r.p.RunID))).
		SetRemovedAt(now).SetStatus(user.StatusResigned).SetStatusChangedAt(now).Save(ctx)
	if err != nil {
		return fmt.Errorf("marking removed users: %w", err)
	}
	nd, err := r.p.Client.Department.Update().
		Where(department.CorpID(r.p.CorpID), department.RemovedAtIsNil(), department.Or(department.LastSeenRunIsNil(), department.LastSeenRunNEQ(r.p.RunID))).
		SetRemovedAt(now).Save(ctx)
	if err != nil {
		return fmt.Errorf("marking removed departments: %w", err)
	}
	r.counters.Removed += nu + nd
	r.report()
	return nil
}
