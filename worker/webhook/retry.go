package webhook

import (
	"math/rand/v2"
	"time"
)

// maxRetryAfter bounds how long a receiver's Retry-After may hold a
// delivery back.
const maxRetryAfter = 24 * time.Hour

// RetryPolicy decides when a failed delivery is tried again. The defaults
// try 12 times over about 24 hours: 1, 2, 4 … minutes apart, at most 8
// hours, each wait spread ±25% so deliveries that failed together (a
// receiver's outage) do not all come back at once.
type RetryPolicy struct {
	// MaxAttempts is how many attempts are made before a delivery is dead
	// (default 12).
	MaxAttempts int
	// Base is the wait after the first failed attempt (default 1 min); it
	// doubles with each failure.
	Base time.Duration
	// Max caps one wait (default 8 h).
	Max time.Duration
	// Jitter spreads a wait; default: uniform in [0.75d, 1.25d).
	Jitter func(d time.Duration) time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 12
	}
	if p.Base <= 0 {
		p.Base = time.Minute
	}
	if p.Max <= 0 {
		p.Max = 8 * time.Hour
	}
	if p.Jitter == nil {
		p.Jitter = func(d time.Duration) time.Duration {
			return d*3/4 + time.Duration(rand.Int64N(int64(d)/2+1))
		}
	}
	return p
}

// Delay is the wait after the n-th failed attempt (n ≥ 1): Base·2^(n-1)
// capped at Max and jittered, or the receiver's Retry-After when that is
// longer (a receiver that asks for time gets at least that).
func (p RetryPolicy) Delay(n int, retryAfter time.Duration) time.Duration {
	p = p.withDefaults()
	d := p.Max
	if n-1 < 32 && p.Base<<(n-1) > 0 && p.Base<<(n-1) < p.Max {
		d = p.Base << (n - 1)
	}
	d = p.Jitter(d)
	if retryAfter > d {
		d = min(retryAfter, maxRetryAfter)
	}
	return d
}
