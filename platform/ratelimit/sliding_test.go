package ratelimit_test

import (
	"testing"
	"time"

	"imbridge/platform/ratelimit"
	"imbridge/platform/ratelimit/ratelimittest"
)

// TestSlidingWindowNeverExceedsTheBudget: N-1 calls go at once, the rest
// wait for the oldest to leave the window, and no window of the limit's
// length ever holds more than N-1 admitted calls, across two limiters.
func TestSlidingWindowNeverExceedsTheBudget(t *testing.T) {
	v, ls := limiters(t, 2)
	lim := ratelimit.Limit{N: 20, Per: 2 * time.Second, Sliding: true}
	ts := admit(t, v, ls, 60, "sliding", lim)
	if n := maxInWindow(ts, lim.Per); n > lim.N-1 {
		t.Fatalf("%d calls within %s, budget %d (one of slack)", n, lim.Per, lim.N)
	}
	// The first N-1 go at once; the next waits for the oldest to leave the
	// window, and no longer.
	if !ts[lim.N-2].Equal(ratelimittest.Start) {
		t.Fatalf("call %d waited %v", lim.N-1, ts[lim.N-2].Sub(ratelimittest.Start))
	}
	if w := ts[lim.N-1].Sub(ratelimittest.Start); w < lim.Per || w > lim.Per+10*time.Millisecond {
		t.Fatalf("call %d admitted after %v, want just after the window (%v)", lim.N, w, lim.Per)
	}
	// 60 calls at 19 per window: three windows and a bit, not more.
	if took := ts[len(ts)-1].Sub(ratelimittest.Start); took < 3*lim.Per || took > 4*lim.Per {
		t.Fatalf("60 calls took %v", took)
	}
}

// With a margin the slack is time, not a call: N calls go at once, and the
// next waits for the oldest to leave the window of Per plus the margin.
func TestSlidingWindowMargin(t *testing.T) {
	v, ls := limiters(t, 2)
	lim := ratelimit.Limit{N: 10, Per: time.Minute, Sliding: true, Margin: 100 * time.Millisecond}
	ts := admit(t, v, ls, 25, "margin", lim)
	if w := ts[lim.N-1].Sub(ratelimittest.Start); w != 0 {
		t.Fatalf("call %d waited %v", lim.N, w)
	}
	if w := ts[lim.N].Sub(ratelimittest.Start); w < lim.Per+lim.Margin || w > lim.Per+lim.Margin+10*time.Millisecond {
		t.Fatalf("call %d admitted after %v, want %v", lim.N+1, w, lim.Per+lim.Margin)
	}
	if n := maxInWindow(ts, lim.Per+lim.Margin); n > lim.N {
		t.Fatalf("%d calls within %s", n, lim.Per+lim.Margin)
	}
}
