package ratelimit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/go-redis/redis_rate/v10"

	"imbridge/worker/broker"
)

// Limiter paces callers against budgets kept in Redis, so every process of
// an installation draws on the same budget. It is safe for concurrent use.
type Limiter struct {
	b     *broker.Broker
	rl    *redis_rate.Limiter
	clock Clock
}

// Clock is how a limiter waits between attempts. Admissions are decided on
// Redis's clock (TIME, inside the scripts), which every process shares; the
// limiter only sleeps until Redis is expected to admit the next call.
type Clock interface {
	// Sleep waits d, or until ctx ends (then it returns ctx's error).
	Sleep(ctx context.Context, d time.Duration) error
}

// New returns a limiter keeping its state in b's Redis. Keys are
// "rate:{namespace}:ratelimit:{key}:{window}": redis_rate adds the "rate:"
// prefix itself; the namespace still makes them unique per installation.
func New(b *broker.Broker) *Limiter { return NewWithClock(b, nil) }

// NewWithClock is New with the limiter waiting on c (nil: real time). Tests
// give a clock that moves an embedded Redis's time (miniredis SetTime)
// instead of sleeping, so pacing is checked exactly and without timing.
func NewWithClock(b *broker.Broker, c Clock) *Limiter {
	if c == nil {
		c = realClock{}
	}
	return &Limiter{b: b, rl: redis_rate.NewLimiter(b.Client), clock: c}
}

// minSleep keeps a limiter that is refused with a zero retry time (rounding
// in the script) from spinning on Redis.
const minSleep = time.Millisecond

// Wait blocks until every limit admits one call under key (for example
// "feishu:cli_x:GET /open-apis/contact/v3/users/find_by_department" with
// PerSecond(50) and PerMinute(1000)), or ctx ends. It paces rather than
// refuses: a caller over budget sleeps until the budget allows it.
//
// Each limit has its own GCRA state (key + window length), taken in order of
// decreasing window: the call is then admitted by the shortest window last,
// at the moment it proceeds, so the tightest budget is exact. An admission
// by a longer window may precede the call by the wait for the shorter ones,
// and a call abandoned in that wait (ctx ended) still counts against the
// longer windows: both err on the safe side. Redis errors are returned (the
// limiter fails closed), wrapped.
func (l *Limiter) Wait(ctx context.Context, key string, limits ...Limit) error {
	ls := slices.Clone(limits)
	slices.SortStableFunc(ls, func(a, b Limit) int { return cmp.Compare(b.Per, a.Per) })
	for _, lim := range ls {
		if !lim.valid() {
			return fmt.Errorf("ratelimit %s: invalid limit %+v", key, lim)
		}
		if err := l.wait(ctx, l.b.Key("ratelimit", key, lim.Per.String()), lim); err != nil {
			return err
		}
	}
	return nil
}

func (l *Limiter) wait(ctx context.Context, rkey string, lim Limit) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if lim.Sliding {
			d, err := l.allowSliding(ctx, rkey, lim)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return err
			}
			if d == 0 {
				return nil
			}
			if err := l.clock.Sleep(ctx, max(d, minSleep)); err != nil {
				return err
			}
			continue
		}
		res, err := l.rl.Allow(ctx, rkey, lim.gcra())
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("ratelimit %s %s: %w", rkey, lim, err)
		}
		if res.Allowed > 0 {
			return nil
		}
		if err := l.clock.Sleep(ctx, max(res.RetryAfter, minSleep)); err != nil {
			return err
		}
	}
}

// realClock sleeps on the wall clock.
type realClock struct{}

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Reset forgets the state of key's limits, so its budgets start full.
func (l *Limiter) Reset(ctx context.Context, key string, limits ...Limit) error {
	var errs []error
	for _, lim := range limits {
		rkey := l.b.Key("ratelimit", key, lim.Per.String())
		errs = append(errs, l.rl.Reset(ctx, rkey), l.b.Client.Del(ctx, rkey+":sliding").Err())
	}
	return errors.Join(errs...)
}
