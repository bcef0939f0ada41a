package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"imbridge/platform/ratelimit"
	"imbridge/platform/ratelimit/ratelimittest"
	"imbridge/worker/broker"
)

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
	v, ls := limiters(t, 1)
	ts := admit(t, v, ls, 200, "api", ratelimit.PerSecond(50))
	// At most N-1 in any second: one call of slack for the platform's clock.
	if n := maxInWindow(ts, time.Second); n > 49 {
		t.Fatalf("%d calls admitted in one second, limit 50", n)
	}
	// Pacing, not refusing, and at the full rate: 200 calls at 49/s take
	// a little over 4 s, not more.
	if took := ts[len(ts)-1].Sub(ratelimittest.Start); took < 3*time.Second || took > 5*time.Second {
		t.Fatalf("200 calls at 50/s took %v", took)
	}
	if v.Slept() == 0 {
		t.Fatal("no caller ever waited")
	}
}

func TestTwoLimitersShareBudget(t *testing.T) {
	// Two processes: their own connections to the same Redis and namespace.
	v, ls := limiters(t, 2)
	ts := admit(t, v, ls, 100, "shared", ratelimit.PerSecond(20))
	if n := maxInWindow(ts, time.Second); n > 19 {
		t.Fatalf("%d calls admitted in one second by two limiters, shared limit 20", n)
	}
}

func TestSeveralLimitsAllApply(t *testing.T) {
	v, ls := limiters(t, 1)
	// A generous per-second limit and a tight per-minute one (burst 5 of 20).
	perMin := ratelimit.Limit{N: 20, Per: time.Minute, Burst: 5}
	ts := admit(t, v, ls, 40, "multi", ratelimit.PerSecond(100), perMin)
	if n := maxInWindow(ts, time.Minute); n > 19 {
		t.Fatalf("%d calls in a minute, per-minute budget 20", n)
	}
	if n := maxInWindow(ts, time.Second); n > 6 {
		t.Fatalf("%d calls in a second: the per-minute burst of 5 (+1 paced at most) did not apply", n)
	}
	// The burst of 5 is paced only by the per-second limit (10 ms apart);
	// the 6th waits for the per-minute rate (15/min after the burst).
	if w := ts[4].Sub(ratelimittest.Start); w > 100*time.Millisecond {
		t.Fatalf("the burst of 5 waited: 5th call after %v", w)
	}
	if gap := ts[5].Sub(ts[4]); gap < 3*time.Second {
		t.Fatalf("the 6th call came %v after the burst: the per-minute rate did not apply", gap)
	}
}

func TestWaitRespectsContext(t *testing.T) {
	b := broker.OpenTest(t)
	l := ratelimit.New(b)
	slow := ratelimit.Limit{N: 1, Per: time.Hour}
	// A real server keeps the last run's budget (-count=2).
	if err := l.Reset(context.Background(), "ctx", slow); err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(context.Background(), "ctx", slow); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	// The next call is due in an hour; only the context can end the wait,
	// and the test's own deadline catches a limiter that ignores it.
	if err := l.Wait(ctx, "ctx", slow); err != context.DeadlineExceeded {
		t.Fatalf("Wait past the budget: %v", err)
	}
}

func TestNamespacesAreSeparate(t *testing.T) {
	b := broker.OpenTest(t)
	other := *b
	other.Namespace += "-other"
	slow := ratelimit.Limit{N: 1, Per: time.Hour}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, br := range []*broker.Broker{b, &other} {
		if err := ratelimit.New(br).Reset(ctx, "k", slow); err != nil {
			t.Fatal(err)
		}
	}
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
