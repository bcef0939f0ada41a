package mirror

import (
	"context"
	"encoding/json"
	"errors"

	"imbridge/ent/detail"
	"imbridge/platform"
)

// Run mirrors the directory. It returns the counters of what this attempt
// did (a resumed run counts only what it did itself: the rows an earlier
// attempt wrote are not counted again, so the run's counters are the sum
// over its attempts) and the items that failed in the whole run (carried in
// the checkpoint); an error means the run could not go on (credentials refused, the
// top department unreadable, the database away) and should be retried or
// reported.
func Run(ctx context.Context, p Params) (Result, error) {
	cp, err := parseCheckpoint(p.Checkpoint)
	if err != nil {
		cp = checkpoint{} // an unreadable checkpoint only costs a restart
	}
	st, err := loadState(ctx, p.Client, p.CorpID)
	if err != nil {
		return Result{}, err
	}
	r := &runner{p: p, st: st, cp: cp, dropped: cp.Dropped, carried: len(cp.Errors) + cp.Dropped}
	for _, e := range cp.Errors {
		r.errs = append(r.errs, detail.RunError{Item: e.Item, Message: e.Message, Code: e.Code, Kind: e.Kind, ExternalID: e.ExternalID})
	}
	if r.cp.Phase == "" || r.cp.Phase == PhaseDepartments {
		if err := r.departments(ctx); err != nil {
			return r.result(), err
		}
	}
	if err := r.users(ctx); err != nil {
		return r.result(), err
	}
	if err := r.finalize(ctx); err != nil {
		return r.result(), err
	}
	return r.result(), nil
}

// runner is one run's working state.
type runner struct {
	p        Params
	st       *state
	cp       checkpoint
	counters detail.Counters
	errs     []detail.RunError
	total    int
	done     int
	phase    string
	// dropped counts item errors past maxErrors: failed, but not listed.
	dropped int
	// carried counts the item errors of earlier attempts (checkpoint).
	carried int
}

// attemptCounters are what this attempt did; Failed counts the items it
// recorded, not those carried from earlier attempts.
func (r *runner) attemptCounters() detail.Counters {
	c := r.counters
	c.Failed = len(r.errs) + r.dropped - r.carried
	return c
}

func (r *runner) result() Result {
	return Result{Counters: r.attemptCounters(), Errors: r.errs}
}

func (r *runner) report() {
	if r.p.Report != nil {
		r.p.Report(Progress{Phase: r.phase, Total: max(r.total, r.done), Done: r.done, Counters: r.attemptCounters()})
	}
}

// fatal reports whether an error stops the run: the app's credentials or
// permissions are refused, or a listing the pull needs is outside the app's
// contact range (every further call would fail the same way, and the
// message says what to change), or the context ended.
func fatal(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	c := platform.ClassOf(err)
	return c.Refusal() || c == platform.ClassOutOfRange
}

func (r *runner) save(ctx context.Context) error {
	if r.p.Save == nil {
		return nil
	}
	r.cp.Errors = r.cp.Errors[:0]
	r.cp.Dropped = r.dropped
	for _, e := range r.errs {
		r.cp.Errors = append(r.cp.Errors, errorEntry{Item: e.Item, Message: e.Message, Code: e.Code, Kind: e.Kind, ExternalID: e.ExternalID})
	}
	b, err := json.Marshal(r.cp)
	if err != nil {
		return err
	}
	return r.p.Save(ctx, b)
}
