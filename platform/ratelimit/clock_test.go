package ratelimit_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"imbridge/platform/ratelimit"
	"imbridge/worker/broker"
)

// virtual is a limiter clock that moves an embedded Redis's time instead of
// sleeping. The limiter's scripts read TIME from that Redis, so a test sees
// exactly the admissions the budget allows, however busy the machine.
type virtual struct {
	mu    sync.Mutex
	m     *miniredis.Miniredis
	now   time.Time
	start time.Time
	slept int
}

// newVirtual starts an embedded Redis on a virtual clock and returns the
// clock and n brokers on it, each with its own connection (processes).
func newVirtual(t *testing.T, n int) (*virtual, []*broker.Broker) {
	t.Helper()
	m := miniredis.RunT(t)
	start := time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)
	m.SetTime(start)
	v := &virtual{m: m, now: start, start: start}
	var bs []*broker.Broker
	for range n {
		c := redis.NewClient(&redis.Options{Addr: m.Addr()})
		t.Cleanup(func() { c.Close() })
		bs = append(bs, &broker.Broker{Client: c, Namespace: broker.TestNamespace(t)})
	}
	return v, bs
}

func (v *virtual) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.now = v.now.Add(d)
	v.m.SetTime(v.now)
	v.slept++
	return nil
}

// Now is the virtual time: Redis's TIME.
func (v *virtual) Now() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.now
}

// admit calls Wait n times in turn on the limiters (round robin) and returns
// the virtual time of each admission.
func admit(t *testing.T, v *virtual, ls []*ratelimit.Limiter, n int, key string, limits ...ratelimit.Limit) []time.Time {
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

func limiters(v *virtual, bs []*broker.Broker) []*ratelimit.Limiter {
	var ls []*ratelimit.Limiter
	for _, b := range bs {
		ls = append(ls, ratelimit.NewWithClock(b, v))
	}
	return ls
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
