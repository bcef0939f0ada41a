package orgsync

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"imbridge/ent"
	"imbridge/ent/syncchange"
	"imbridge/platform"
	"imbridge/worker/orgsync/plan"
)

// resolve replaces provisional keys by the keys the target assigned.
func (a *applier) resolve(c plan.Change) plan.Change {
	a.mu.Lock()
	defer a.mu.Unlock()
	k := func(s string) string {
		if v, ok := a.keys[s]; ok {
			return v
		}
		return s
	}
	c.Target = k(c.Target)
	if c.After != nil {
		s := *c.After
		s.ParentKey = k(s.ParentKey)
		s.PrimaryDepartment = k(s.PrimaryDepartment)
		if len(s.PartTimeDepartments) > 0 {
			pt := make([]string, len(s.PartTimeDepartments))
			for i, p := range s.PartTimeDepartments {
				pt[i] = k(p)
			}
			s.PartTimeDepartments = pt
		}
		c.After = &s
	}
	return c
}

// one applies change i.
func (a *applier) one(ctx context.Context, i int) outcome {
	it := a.items[i]
	c := a.resolve(it.c)
	var w Written
	if c.Action.Writes() {
		var err error
		for n := 0; ; n++ {
			w, err = a.p.Target.Write(ctx, IdempotencyKey(a.p.Run.ID, c.Key), c)
			if err == nil || ctx.Err() != nil {
				break
			}
			var ce *ChangeError
			if errors.As(err, &ce) {
				break
			}
			cl := platform.ClassOf(err)
			if cl.Refusal() {
				return outcome{i: i, err: fmt.Errorf("%w: %w", ErrRefused, err)}
			}
			if !cl.Retryable() || n+1 >= a.p.Attempts {
				break
			}
			select {
			case <-ctx.Done():
			case <-time.After(a.p.Backoff(n)):
			}
		}
		if ctx.Err() != nil {
			return outcome{i: i, err: ctx.Err()}
		}
		if err != nil {
			code, msg := "", err.Error()
			var pe *platform.Error
			if errors.As(err, &pe) {
				code, msg = strconv.Itoa(pe.Code), pe.Advice()
			}
			if ferr := a.finish(ctx, i, syncchange.StatusFailed, code, msg); ferr != nil {
				return outcome{i: i, err: ferr}
			}
			return outcome{i: i, status: syncchange.StatusFailed}
		}
	}
	rec := func() error { return retryBusy(ctx, func() error { return a.record(ctx, it, c, w) }) }
	err := rec()
	if err != nil && ent.IsConstraintError(err) {
		// A contact event mirrored the row between the record's look-up and
		// its insert (PostgreSQL aborts the transaction on 23505): the
		// record again finds that row and updates it.
		err = rec()
	}
	if err != nil {
		return outcome{i: i, err: err}
	}
	return outcome{i: i, status: syncchange.StatusApplied}
}
