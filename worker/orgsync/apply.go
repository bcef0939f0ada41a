package orgsync

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/detail"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncrun"
	"imbridge/platform"
	"imbridge/worker/orgsync/plan"
)

// ApplyParams drive the apply of a run's stored plan.
type ApplyParams struct {
	DB     *ent.Client
	Run    *ent.SyncRun
	Target Target
	// Concurrency bounds the changes in flight (default 8): the platform's
	// shared limiter paces them, so more only adds waiting.
	Concurrency int
	// Attempts is how many times a change is tried while the platform
	// answers with a retryable error (rate limit, transient; default 5);
	// Backoff is the wait before attempt n (default 200 ms · 2ⁿ).
	Attempts int
	Backoff  func(n int) time.Duration
	// By is who bindings are made by.
	By string
	// Report is called after each change with the changes done and the
	// total (throttling is the caller's).
	Report func(done, total int, c detail.Counters)
}

// ErrRefused is a platform refusal of the app itself (credentials,
// permission): every further write would fail the same way, so the run
// stops. The changes not attempted stay pending.
var ErrRefused = errors.New("the platform refuses the app")

// IdempotencyKey is the key of a change's write: stable for the run and the
// change, so a retried or resumed write is recognised by the platform.
func IdempotencyKey(runID int, changeKey string) string {
	return "sync-" + strconv.Itoa(runID) + "-" + changeKey
}

// item is one change in the apply.
type item struct {
	row     *ent.SyncChange
	c       plan.Change
	deps    []int
	waiting int   // deps not finished yet
	next    []int // dependents
	status  syncchange.Status
}

// Apply executes the run's pending changes in dependency order, at most
// Concurrency at a time, and records each outcome on its row: applied (in
// the transaction that records the write in the bridge), failed (the
// platform's code and message) or skipped (a change it depends on failed).
// Rows already applied, failed or skipped by an earlier attempt are not
// touched again, so a killed run resumes where it stopped; the writes of
// changes that were in flight repeat with the same idempotency key.
//
// It returns the run's counters. An error means the run stopped early
// (cancelled, the platform refuses the app, the database failed): the
// remaining changes stay pending for a resumed attempt.
func Apply(ctx context.Context, p ApplyParams) (detail.Counters, error) {
	if p.Concurrency <= 0 {
		p.Concurrency = 8
	}
	if p.Attempts <= 0 {
		p.Attempts = 5
	}
	if p.Backoff == nil {
		p.Backoff = func(n int) time.Duration { return 200 * time.Millisecond << min(n, 6) }
	}
	rs, err := p.DB.SyncChange.Query().Where(syncchange.RunID(p.Run.ID)).Order(ent.Asc(syncchange.FieldOrdinal)).All(ctx)
	if err != nil {
		return detail.Counters{}, fmt.Errorf("loading the plan: %w", err)
	}
	a := &applier{p: p, items: make([]*item, len(rs)), keys: map[string]string{}}
	byKey := make(map[string]int, len(rs))
	lastOn := map[string]int{}
	for i, r := range rs {
		c, err := change(r)
		if err != nil {
			return detail.Counters{}, err
		}
		it := &item{row: r, c: c, status: r.Status}
		for _, k := range c.DependsOn {
			if j, ok := byKey[k]; ok {
				it.deps = append(it.deps, j)
			}
		}
		// Changes of one object apply in plan order (a restore before the
		// update, a move before the disable).
		if c.Target != "" {
			obj := strconv.FormatBool(c.Action.OnDepartment()) + c.Target
			if j, ok := lastOn[obj]; ok {
				it.deps = append(it.deps, j)
			}
			lastOn[obj] = i
		}
		byKey[c.Key] = i
		a.items[i] = it
		if r.Status == syncchange.StatusApplied && r.ResultTarget != "" {
			a.keys[c.Target] = r.ResultTarget
		}
	}
	return a.run(ctx)
}

type applier struct {
	p     ApplyParams
	items []*item

	mu       sync.Mutex
	keys     map[string]string // provisional → assigned
	counters detail.Counters
	done     int
}

// intHeap orders ready changes by their place in the plan.
type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

type outcome struct {
	i      int
	status syncchange.Status
	err    error // a run-stopping error
}

func (a *applier) run(ctx context.Context) (detail.Counters, error) {
	ready := &intHeap{}
	pending := 0
	for i, it := range a.items {
		for _, d := range it.deps {
			a.items[d].next = append(a.items[d].next, i)
		}
	}
	for _, it := range a.items {
		if it.status != syncchange.StatusPending {
			a.count(it, it.status)
			a.done++
		}
	}
	for i, it := range a.items {
		if it.status != syncchange.StatusPending {
			continue
		}
		pending++
		for _, d := range it.deps {
			if a.items[d].status == syncchange.StatusPending {
				it.waiting++
			}
		}
		if it.waiting == 0 {
			heap.Push(ready, i)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan outcome)
	inflight := 0
	var stop error
	for pending > 0 {
		for stop == nil && ready.Len() > 0 && inflight < a.p.Concurrency {
			i := heap.Pop(ready).(int)
			if why := a.brokenDependency(a.items[i]); why != "" {
				// Skipped in place: record and release dependents.
				if err := a.finish(ctx, i, syncchange.StatusSkipped, "", why); err != nil {
					stop = err
					break
				}
				pending--
				a.release(i, ready)
				continue
			}
			inflight++
			go func(i int) { results <- a.one(ctx, i) }(i)
		}
		if inflight == 0 {
			break // stopped, or nothing can start (cannot happen with an acyclic plan)
		}
		o := <-results
		inflight--
		if o.err != nil {
			if stop == nil {
				stop = o.err
				cancel()
			}
			continue
		}
		a.items[o.i].status = o.status
		pending--
		a.release(o.i, ready)
	}
	if stop == nil && pending > 0 {
		stop = fmt.Errorf("%d changes could not be ordered", pending)
	}
	return a.counters, stop
}

// release marks i finished for its dependents.
func (a *applier) release(i int, ready *intHeap) {
	for _, n := range a.items[i].next {
		it := a.items[n]
		it.waiting--
		if it.waiting == 0 && it.status == syncchange.StatusPending {
			heap.Push(ready, n)
		}
	}
}

func (a *applier) brokenDependency(it *item) string {
	for _, d := range it.deps {
		dep := a.items[d]
		if dep.status == syncchange.StatusFailed || dep.status == syncchange.StatusSkipped {
			return fmt.Sprintf("not attempted: change #%d (%s %q) it depends on %s", dep.row.Ordinal, dep.c.Action, dep.c.Name, dep.status)
		}
	}
	return ""
}

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
	if err := a.record(ctx, it, c, w); err != nil {
		return outcome{i: i, err: err}
	}
	return outcome{i: i, status: syncchange.StatusApplied}
}

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
	err := a.p.DB.SyncChange.Update().Where(syncchange.ID(it.row.ID), syncchange.StatusEQ(syncchange.StatusPending)).
		SetStatus(st).SetCode(code).SetMessage(clip(msg, 2000)).SetAppliedAt(time.Now()).Exec(ctx)
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
	switch st {
	case syncchange.StatusFailed:
		a.counters.Failed++
		return
	case syncchange.StatusSkipped:
		a.counters.Unchanged++
		return
	}
	switch it.c.Action {
	case plan.ActionCreateDepartment, plan.ActionCreateUser:
		a.counters.Created++
	case plan.ActionUpdateDepartment, plan.ActionUpdateUser, plan.ActionEnableUser, plan.ActionRestoreUser,
		plan.ActionBindUser, plan.ActionBindDepartment, plan.ActionUnbindUser, plan.ActionUnbindDepartment:
		a.counters.Updated++
	case plan.ActionMoveDepartment, plan.ActionMoveUser:
		a.counters.Moved++
	case plan.ActionDisableUser, plan.ActionDeleteUser, plan.ActionDeleteDepartment:
		a.counters.Removed++
	}
}
