// Package ratelimittest gives tests a virtual clock for rate limiters: an
// embedded Redis whose time (TIME, which the limiter's scripts read) moves
// only when limiters sleep. Pacing is then checked exactly, however busy the
// machine, and a simulator given Now sees each call at the time the limiter
// admitted it.
package ratelimittest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"imbridge/worker/broker"
)

// Start is the virtual clock's first instant.
var Start = time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)

// Clock is a ratelimit.Clock on an embedded Redis.
//
// Alone (no Join), a sleeper moves the clock by what it asked and returns at
// once. With parties joined, the clock is a discrete-event one: a sleeper
// waits until every party is asleep (or has left), then the clock jumps to
// the earliest wake time and those sleepers go on. No party is ever mid-call
// while the clock moves, so calls are seen at their admission time.
type Clock struct {
	m       *miniredis.Miniredis
	mu      sync.Mutex
	now     time.Time
	slept   int
	parties int
	asleep  []*sleeper
}

type sleeper struct {
	wake time.Time
	done chan struct{}
}

// New starts an embedded Redis at Start, stopped when the test ends.
func New(tb testing.TB) *Clock {
	tb.Helper()
	m := miniredis.RunT(tb)
	m.SetTime(Start)
	return &Clock{m: m, now: Start}
}

// Broker is a new connection to the clock's Redis (another process, say),
// in the test's namespace.
func (c *Clock) Broker(tb testing.TB) *broker.Broker {
	tb.Helper()
	rc := redis.NewClient(&redis.Options{Addr: c.m.Addr()})
	tb.Cleanup(func() { rc.Close() })
	return &broker.Broker{Client: rc, Namespace: broker.TestNamespace(tb)}
}

// Join adds n concurrent parties (goroutines that call limiters); each
// calls Leave when it is done.
func (c *Clock) Join(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parties += n
}

// Leave removes a party; the others no longer wait for it.
func (c *Clock) Leave() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parties--
	c.advanceLocked()
}

// Sleep waits until the clock reaches d from now, or ctx ends.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.slept++
	s := &sleeper{wake: c.now.Add(d), done: make(chan struct{})}
	if c.parties == 0 {
		c.setLocked(s.wake)
		c.mu.Unlock()
		return nil
	}
	c.asleep = append(c.asleep, s)
	c.advanceLocked()
	c.mu.Unlock()
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		for i, o := range c.asleep {
			if o == s {
				c.asleep = append(c.asleep[:i], c.asleep[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
		return ctx.Err()
	}
}

// advanceLocked moves the clock to the earliest wake time once every party
// sleeps, and wakes who is due.
func (c *Clock) advanceLocked() {
	if len(c.asleep) == 0 || len(c.asleep) < c.parties {
		return
	}
	next := c.asleep[0].wake
	for _, s := range c.asleep[1:] {
		if s.wake.Before(next) {
			next = s.wake
		}
	}
	c.setLocked(next)
	kept := c.asleep[:0]
	for _, s := range c.asleep {
		if s.wake.After(c.now) {
			kept = append(kept, s)
		} else {
			close(s.done)
		}
	}
	c.asleep = kept
}

func (c *Clock) setLocked(t time.Time) {
	if t.After(c.now) {
		c.now = t
		c.m.SetTime(t)
	}
}

// Now is the virtual time, Redis's TIME.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Slept counts the limiters' waits so far.
func (c *Clock) Slept() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}
