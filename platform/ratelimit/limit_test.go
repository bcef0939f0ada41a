package ratelimit

import (
	"testing"
	"time"
)

// The GCRA parameters keep every window of length Per at N-1 calls (one of
// slack): Burst + Rate - 1.
func TestGCRAParameters(t *testing.T) {
	for _, l := range []Limit{PerSecond(50), PerMinute(1000), PerSecond(1), {N: 10, Per: time.Second, Burst: 50}} {
		g := l.gcra()
		if g.Burst < 1 || g.Rate < 1 || g.Period != l.Per {
			t.Fatalf("%v: %+v", l, g)
		}
		if l.N > 1 && g.Burst+g.Rate-1 != l.N-1 {
			t.Fatalf("%v: %+v admits %d per window", l, g, g.Burst+g.Rate-1)
		}
	}
}
