package orgsync

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/ent/syncchange"
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
	// Lanes keep changes that wait on one platform budget from filling
	// every slot while they wait on the limiter: an action in a lane has at
	// most Lane.InFlight changes in flight, and ready changes of a lane go
	// first, the lane with the fewest slots (the scarcest budget, the run's
	// long pole) before the others. Nil: none.
	Lanes map[plan.Action]Lane
	// Report is called after each change with the changes done (by every
	// attempt so far) and the total, and this attempt's counters
	// (throttling is the caller's).
	Report func(done, total int, c detail.Counters)
	// Checkpoint stores the progress in the run's row, for readers that do
	// not subscribe and for the next attempt should this one die: it is
	// called from the apply's own goroutine after every CheckpointEvery
	// changes or CheckpointInterval, whichever comes first. Nil: never.
	Checkpoint         func(ctx context.Context, done, total int, c detail.Counters) error
	CheckpointEvery    int           // default 50
	CheckpointInterval time.Duration // default 1 s
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
// It returns the counters of the changes this attempt finished (a change an
// earlier attempt finished is counted by that attempt, so the run's
// counters are the sum over its attempts). An error means the run stopped early
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
	if p.CheckpointEvery <= 0 {
		p.CheckpointEvery = 50
	}
	if p.CheckpointInterval <= 0 {
		p.CheckpointInterval = time.Second
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
	counters detail.Counters   // this attempt's
	done     int               // by every attempt

	savedDone int // done as of the last checkpoint
	savedAt   time.Time
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
			a.done++ // counted by the attempt that finished it
		}
	}
	a.savedDone, a.savedAt = a.done, time.Now()
	if a.p.Report != nil {
		a.p.Report(a.done, len(a.items), a.counters) // a resumed apply starts where the last one stopped
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
	// Buffered: a change in flight when the apply stops never blocks.
	results := make(chan outcome, a.p.Concurrency)
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
		if err := a.checkpoint(ctx, false); err != nil && stop == nil {
			stop = err
			cancel()
		}
	}
	if stop == nil {
		stop = a.checkpoint(ctx, true)
	}
	if stop == nil && pending > 0 {
		stop = fmt.Errorf("%d changes could not be ordered", pending)
	}
	return a.counters, stop
}

// checkpoint stores the progress when a batch of changes or the interval
// has passed since the last one (force: whenever something changed).
func (a *applier) checkpoint(ctx context.Context, force bool) error {
	if a.p.Checkpoint == nil {
		return nil
	}
	a.mu.Lock()
	done, c := a.done, a.counters
	a.mu.Unlock()
	if done == a.savedDone || (!force && done-a.savedDone < a.p.CheckpointEvery && time.Since(a.savedAt) < a.p.CheckpointInterval) {
		return nil
	}
	if err := retryBusy(ctx, func() error { return a.p.Checkpoint(ctx, done, len(a.items), c) }); err != nil {
		return fmt.Errorf("storing the apply's progress: %w", err)
	}
	a.savedDone, a.savedAt = done, time.Now()
	return nil
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

func (a *applier) brokenDependency(it *item) string {
	for _, d := range it.deps {
		dep := a.items[d]
		if dep.status == syncchange.StatusFailed || dep.status == syncchange.StatusSkipped {
			return fmt.Sprintf("not attempted: change #%d (%s %q) it depends on %s", dep.row.Ordinal, dep.c.Action, dep.c.Name, dep.status)
		}
	}
	return ""
}
