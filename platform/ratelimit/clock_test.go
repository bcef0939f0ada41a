package ratelimit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"imbridge/platform/ratelimit"
	"imbridge/platform/ratelimit/ratelimittest"
	"imbridge/worker/broker"
)

// admit calls Wait n times in turn on the limiters (round robin) and returns
// the virtual time of each admission.
func admit(t *testing.T, v *ratelimittest.Clock, ls []*ratelimit.Limiter, n int, key string, limits ...ratelimit.Limit) []time.Time {
	t.Helper()
	var ts []time.Time
	for i := range n {
		if err := ls[i%len(ls)].Wait(context.Background(), key, limits...); err != nil {
			t.Fatal(err)
		}
		ts = append(ts, v.Now())
	}
	return ts
}

// limiters starts a virtual clock and n limiters on it, each with its own
// connection (processes sharing one Redis).
func limiters(t *testing.T, n int) (*ratelimittest.Clock, []*ratelimit.Limiter) {
	v := ratelimittest.New(t)
	var ls []*ratelimit.Limiter
	for range n {
		ls = append(ls, ratelimit.NewWithClock(v.Broker(t), v))
	}
	return v, ls
}

// recording sleeps for real but stops at the first wait longer than max,
// remembering it: a check that runs on a real Redis server too.
type recording struct {
	max    time.Duration
	waited []time.Duration
}

var errTooLong = errors.New("wait too long for a test")

func (r *recording) Sleep(ctx context.Context, d time.Duration) error {
	r.waited = append(r.waited, d)
	if d > r.max {
		return errTooLong
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TestBudgetsOnTheServer: on the configured Redis (a real server when
// IMBRIDGE_TEST_REDIS_URL is set), both kinds of limit admit their budget
// without waiting and then ask to wait for most of the window.
func TestBudgetsOnTheServer(t *testing.T) {
	b := broker.OpenTest(t)
	for _, lim := range []ratelimit.Limit{{N: 3, Per: time.Hour, Burst: 2}, {N: 3, Per: time.Hour, Sliding: true}} {
		rec := &recording{max: time.Second}
		l := ratelimit.NewWithClock(b, rec)
		key := "server-" + lim.String()
		// A real server keeps the last run's budget (-count=2).
		if err := l.Reset(context.Background(), key, lim); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if err := l.Wait(context.Background(), key, lim); err != nil {
				t.Fatalf("%v: call %d: %v", lim, i+1, err)
			}
		}
		if len(rec.waited) != 0 {
			t.Fatalf("%v: the budget's first 2 calls waited %v", lim, rec.waited)
		}
		if err := l.Wait(context.Background(), key, lim); !errors.Is(err, errTooLong) {
			t.Fatalf("%v: the third call in an hour was admitted (%v)", lim, err)
		}
		if w := rec.waited[0]; w < 30*time.Minute || w > time.Hour+time.Second {
			t.Fatalf("%v: the third call would wait %v", lim, w)
		}
	}
}
