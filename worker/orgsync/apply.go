package orgsync

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"sort"
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
	// Lanes keep changes whose platform budget is far below the others'
	// from filling every slot while they wait on the limiter: an action in
	// a lane has at most Lane.InFlight changes in flight, and ready changes
	// of a lane go first (they are the run's long pole). Nil: none.
	Lanes map[plan.Action]Lane
	// Report is called after each change with the changes done and the
	// total (throttling is the caller's).
	Report func(done, total int, c detail.Counters)
}

// Lane is a group of actions sharing a platform budget.
type Lane struct {
	Name     string
	InFlight int
	// Interval spaces the starts of the lane's changes, while the lane
	// named WhileBusy ("" = always) has changes left: a lane sharing a
	// per-minute budget with a slower one leaves it room.
	Interval  time.Duration
	WhileBusy string
}

// FeishuLanes are Feishu's small budgets (platform/feishu/writer.go,
// documentedLimits): user/patch of department_ids or is_frozen is 1 QPS
// ("更新 department_ids、is_frozen 时，限制调用频率为 1 QPS"), user/resurrect
// 10 per minute. One in flight per lane keeps the budget busy at a 40 ms
// round trip; two absorb a slow reply.
//
// Those 1 QPS calls are user/patch calls too, drawing on its 1000/min: while
// any are left, field updates (the same API) start at most 900 a minute,
// so together they stay clear of the minute's budget (the platform's
// window need not line up with ours; a 429 on the per-minute budget costs
// seconds) and never stall the long pole.
func FeishuLanes() map[plan.Action]Lane {
	membership := Lane{Name: "user_membership", InFlight: 2}
	return map[plan.Action]Lane{
		plan.ActionMoveUser: membership, plan.ActionDisableUser: membership, plan.ActionEnableUser: membership,
		plan.ActionRestoreUser: {Name: "user_resurrect", InFlight: 1},
		plan.ActionUpdateUser:  {Name: "user_patch", InFlight: 1 << 20, Interval: time.Minute / 900, WhileBusy: membership.Name},
	}
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
	ready := &readySet{lanes: a.p.Lanes, heaps: map[string]*intHeap{}, busy: map[string]int{}, left: map[string]int{},
		next: map[string]time.Time{}, items: a.items}
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
		ready.count(i, 1)
		for _, d := range it.deps {
			if a.items[d].status == syncchange.StatusPending {
				it.waiting++
			}
		}
		if it.waiting == 0 {
			ready.push(i)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan outcome)
	inflight := 0
	var stop error
	for pending > 0 {
		var wait time.Duration
		for stop == nil && inflight < a.p.Concurrency {
			i, ok, w := ready.pop(time.Now())
			if !ok {
				wait = w
				break
			}
			if why := a.brokenDependency(a.items[i]); why != "" {
				// Skipped in place: record and release dependents.
				if err := a.finish(ctx, i, syncchange.StatusSkipped, "", why); err != nil {
					stop = err
					break
				}
				pending--
				ready.count(i, -1)
				a.release(i, ready)
				continue
			}
			inflight++
			ready.start(i)
			go func(i int) { results <- a.one(ctx, i) }(i)
		}
		if inflight == 0 && (stop != nil || wait == 0) {
			break // stopped, or nothing can start (cannot happen with an acyclic plan)
		}
		var o outcome
		if wait > 0 && stop == nil {
			t := time.NewTimer(wait)
			select {
			case o = <-results:
				t.Stop()
			case <-t.C:
				continue // a paced lane may start again
			case <-ctx.Done():
				t.Stop()
				if inflight == 0 {
					stop = ctx.Err()
					continue
				}
				o = <-results
			}
		} else {
			o = <-results
		}
		inflight--
		ready.end(o.i)
		if o.err != nil {
			if stop == nil {
				stop = o.err
				cancel()
			}
			continue
		}
		a.items[o.i].status = o.status
		pending--
		ready.count(o.i, -1)
		a.release(o.i, ready)
	}
	if stop == nil && pending > 0 {
		stop = fmt.Errorf("%d changes could not be ordered", pending)
	}
	return a.counters, stop
}

// release marks i finished for its dependents.
func (a *applier) release(i int, ready *readySet) {
	for _, n := range a.items[i].next {
		it := a.items[n]
		it.waiting--
		if it.waiting == 0 && it.status == syncchange.StatusPending {
			ready.push(n)
		}
	}
}

// readySet holds the changes ready to start: one heap per lane (by plan
// order) and the rest; lanes go first while they have room.
type readySet struct {
	lanes map[plan.Action]Lane
	heaps map[string]*intHeap // lane name → ready; "" = no lane
	busy  map[string]int      // lane name → in flight
	left  map[string]int      // lane name → changes not finished
	next  map[string]time.Time
	items []*item
	names []string // lane names, in a stable order
}

func (r *readySet) lane(i int) (Lane, bool) {
	l, ok := r.lanes[r.items[i].c.Action]
	return l, ok
}

func (r *readySet) push(i int) {
	name := ""
	if l, ok := r.lane(i); ok {
		name = l.Name
	}
	h := r.heaps[name]
	if h == nil {
		h = &intHeap{}
		r.heaps[name] = h
		if name != "" {
			r.names = append(r.names, name)
			sort.Strings(r.names)
		}
	}
	heap.Push(h, i)
}

// pop takes the next change to start: a lane's with room first. With
// nothing to start, wait is how long until a paced lane may start (0:
// none is waiting on its pace).
func (r *readySet) pop(now time.Time) (i int, ok bool, wait time.Duration) {
	for _, name := range r.names {
		h := r.heaps[name]
		if h.Len() == 0 {
			continue
		}
		l, _ := r.lane((*h)[0])
		if r.busy[name] >= max(1, l.InFlight) {
			continue
		}
		if l.Interval > 0 && (l.WhileBusy == "" || r.left[l.WhileBusy] > 0) {
			if at := r.next[name]; now.Before(at) {
				if w := at.Sub(now); wait == 0 || w < wait {
					wait = w
				}
				continue
			}
			r.next[name] = now.Add(l.Interval)
		}
		return heap.Pop(h).(int), true, 0
	}
	if h := r.heaps[""]; h != nil && h.Len() > 0 {
		return heap.Pop(h).(int), true, 0
	}
	return 0, false, wait
}

// count tracks the changes of each lane not finished yet.
func (r *readySet) count(i, d int) {
	if l, ok := r.lane(i); ok {
		r.left[l.Name] += d
	}
}

func (r *readySet) start(i int) {
	if l, ok := r.lane(i); ok {
		r.busy[l.Name]++
	}
}

func (r *readySet) end(i int) {
	if l, ok := r.lane(i); ok {
		r.busy[l.Name]--
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
	if err := retryBusy(ctx, func() error { return a.record(ctx, it, c, w) }); err != nil {
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
