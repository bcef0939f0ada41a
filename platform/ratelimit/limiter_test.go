package ratelimit_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/platform/ratelimit"
	"imbridge/worker/broker"
)

// hammer runs workers goroutines calling Wait on key until d has passed and
// returns the admission times, sorted.
func hammer(t *testing.T, ls []*ratelimit.Limiter, workers int, d time.Duration, key string, limits ...ratelimit.Limit) []time.Time {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var admitted []time.Time
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for i := range workers {
		l := ls[i%len(ls)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if err := l.Wait(ctx, key, limits...); err != nil {
					if ctx.Err() == nil {
						errs <- err
					}
					return
				}
				now := time.Now()
				mu.Lock()
				admitted = append(admitted, now)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sort.Slice(admitted, func(i, j int) bool { return admitted[i].Before(admitted[j]) })
	return admitted
}

// maxInWindow is the largest number of times in any half-open window [t, t+w).
func maxInWindow(ts []time.Time, w time.Duration) int {
	best, j := 0, 0
	for i := range ts {
		for j < len(ts) && ts[j].Sub(ts[i]) < w {
			j++
		}
		best = max(best, j-i)
	}
	return best
}

func TestWaitNeverExceedsLimit(t *testing.T) {
	b := broker.OpenTest(t)
	l := ratelimit.New(b)
	ts := hammer(t, []*ratelimit.Limiter{l}, 20, 1500*time.Millisecond, "api", ratelimit.PerSecond(50))
	if n := maxInWindow(ts, time.Second); n > 50 {
		t.Fatalf("%d calls admitted in one second, limit 50", n)
	}
	// Pacing, not refusing: the callers kept going. A loose lower bound only
	// (a slow machine may admit fewer), to catch a limiter that admits nothing.
	if len(ts) < 20 {
		t.Fatalf("only %d calls admitted in 1.5 s at 50/s", len(ts))
	}
}

func TestTwoLimitersShareBudget(t *testing.T) {
	b := broker.OpenTest(t)
	// A second process: its own connection to the same Redis and namespace.
	opt := *b.Client.Options()
	c2 := redis.NewClient(&opt)
	t.Cleanup(func() { c2.Close() })
	l1, l2 := ratelimit.New(b), ratelimit.New(&broker.Broker{Client: c2, Namespace: b.Namespace})
	ts := hammer(t, []*ratelimit.Limiter{l1, l2}, 10, 1500*time.Millisecond, "shared", ratelimit.PerSecond(20))
	if n := maxInWindow(ts, time.Second); n > 20 {
		t.Fatalf("%d calls admitted in one second by two limiters, shared limit 20", n)
	}
}

func TestSeveralLimitsAllApply(t *testing.T) {
	b := broker.OpenTest(t)
	l := ratelimit.New(b)
	// A generous per-second limit and a tight per-minute one: the per-minute
	// budget (burst 5 of 20) bounds the count.
	perMin := ratelimit.Limit{N: 20, Per: time.Minute, Burst: 5}
	ts := hammer(t, []*ratelimit.Limiter{l}, 8, time.Second, "multi", ratelimit.PerSecond(100), perMin)
	if len(ts) > 6 {
		t.Fatalf("%d calls admitted, per-minute budget allows a burst of 5 (+1 paced at most)", len(ts))
	}
}

func TestWaitRespectsContext(t *testing.T) {
	b := broker.OpenTest(t)
	l := ratelimit.New(b)
	slow := ratelimit.Limit{N: 1, Per: time.Hour}
	if err := l.Wait(context.Background(), "ctx", slow); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := l.Wait(ctx, "ctx", slow); err != context.DeadlineExceeded {
		t.Fatalf("Wait past the budget: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("Wait ignored its context for %v", d)
	}
}

func TestNamespacesAreSeparate(t *testing.T) {
	b := broker.OpenTest(t)
	other := *b
	other.Namespace += "-other"
	slow := ratelimit.Limit{N: 1, Per: time.Hour}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ratelimit.New(b).Wait(ctx, "k", slow); err != nil {
		t.Fatal(err)
	}
	if err := ratelimit.New(&other).Wait(ctx, "k", slow); err != nil {
		t.Fatalf("another namespace shares the budget: %v", err)
	}
}

func TestInvalidLimit(t *testing.T) {
	b := broker.OpenTest(t)
	if err := ratelimit.New(b).Wait(context.Background(), "k", ratelimit.Limit{}); err == nil {
		t.Fatal("zero limit accepted")
	}
}
