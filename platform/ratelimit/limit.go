// Package ratelimit paces calls to rate-limited APIs with budgets shared by
// every process through Redis. It is built on go-redis/redis_rate (GCRA in a
// Lua script, one round trip per attempt). The script runs unchanged on the
// embedded miniredis (its Lua has TIME and replicate_commands, and TIME is
// the wall clock unless a test sets one), so embedded mode needs no
// fallback; the tests run on both.
package ratelimit

import (
	"fmt"
	"time"

	"github.com/go-redis/redis_rate/v10"
)

// Limit is a budget of the form platforms document: "at most N calls in any
// window of length Per" (Feishu: 50/s and 1000/min per app and API).
//
// GCRA admits Burst calls back to back and then one call every Per/R, which
// puts at most Burst + R - 1 calls in any window of length Per. R = N - Burst
// makes that N - 1, measured on Redis's clock: the one call of slack absorbs
// the jitter between that clock and the moment the platform counts the call
// (scheduling, network), so the platform sees at most N. Burst 1 paces calls
// evenly; a larger burst lets short jobs finish sooner at the price of a
// lower sustained rate.
type Limit struct {
	N     int
	Per   time.Duration
	Burst int // 0 or 1: evenly paced; capped at N-1
	// Sliding counts calls in a sliding window instead of GCRA: up to N-1
	// calls as fast as the other limits allow, then each call waits for the
	// oldest to leave the window. Exact for long budgets (per minute), where
	// GCRA must give up either the burst or the sustained rate.
	Sliding bool
	// Margin, for a sliding limit, keeps the slack in time instead of in
	// calls: N calls in any window of Per+Margin, rather than N-1 in any
	// Per. The call of slack costs a long window dearly at its edge: the
	// N-th call of a run waits a whole Per for the first to leave (1,000
	// calls at 50/s and 1000/min: 60 s instead of 20). A margin costs
	// Margin per window, and still absorbs up to Margin of jitter between
	// Redis's clock and the platform's count.
	Margin time.Duration
}

// PerSecond is n calls per second, evenly paced.
func PerSecond(n int) Limit { return Limit{N: n, Per: time.Second, Burst: 1} }

// PerMinute is n calls in any minute, counted in a sliding window: a short
// job runs at the per-second rate, a long one at n per minute, and no minute
// ever sees more than n.
func PerMinute(n int) Limit { return Limit{N: n, Per: time.Minute, Sliding: true} }

func (l Limit) String() string {
	if l.Sliding && l.Margin > 0 {
		return fmt.Sprintf("%d/%s (sliding, margin %s)", l.N, l.Per, l.Margin)
	}
	if l.Sliding {
		return fmt.Sprintf("%d/%s (sliding)", l.N, l.Per)
	}
	return fmt.Sprintf("%d/%s (burst %d)", l.N, l.Per, l.burst())
}

func (l Limit) valid() bool { return l.N > 0 && l.Per > 0 && l.Margin >= 0 }

// window is a sliding limit's count and window: N-1 in Per (a call of
// slack), or N in Per+Margin.
func (l Limit) window() (int, time.Duration) {
	if l.Margin > 0 {
		return l.N, l.Per + l.Margin
	}
	return max(l.N-1, 1), l.Per
}

// burst is Burst within [1, N-1], keeping the slack call when N > 1.
func (l Limit) burst() int {
	return min(max(l.Burst, 1), max(l.N-1, 1))
}

// gcra converts the window budget into redis_rate's GCRA parameters.
func (l Limit) gcra() redis_rate.Limit {
	b := l.burst()
	return redis_rate.Limit{Rate: max(1, l.N-b), Period: l.Per, Burst: b}
}
