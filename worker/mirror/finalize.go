package mirror

import (
	"context"
	"fmt"
	"time"
)

// finalize settles what the run did not see: only the platform can say
// whether a row is gone (deleted, resigned) or merely out of scope (moved
// outside the top department, or outside the app's contact range), so each
// unseen row is asked for (absent.go). It is skipped when any department
// could not be read, so an error can never make people disappear from the
// mirror.
func (r *runner) finalize(ctx context.Context) error {
	r.phase = PhaseFinalize
	if r.cp.Incomplete {
		r.itemError("", "removals", fmt.Errorf("skipped: some departments could not be read, so people not seen may still be there"), false)
		r.report()
		return nil
	}
	now := time.Now()
	sc := newScope(r.p.Dir, r.p.tops(), func(_ context.Context, id string) (bool, error) {
		row := r.st.depts[id]
		return row != nil && row.LastSeenRun == r.p.RunID, nil
	})
	if err := r.settleDepartments(ctx, sc, now); err != nil {
		return err
	}
	// Checkpoints keep the counters of what was marked, should the
	// process die: a resumed finalize does not see those rows again.
	r.report()
	if err := r.save(ctx); err != nil {
		return err
	}
	if err := r.settleUsers(ctx, sc, now); err != nil {
		return err
	}
	r.report()
	return r.save(ctx)
}
