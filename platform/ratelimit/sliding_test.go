package ratelimit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"imbridge/platform/ratelimit"
	"imbridge/worker/broker"
)

// TestSlidingWindowNeverExceedsTheBudget: N-1 calls go at once, the rest
// wait for the oldest to leave the window, and no window of the limit's
// length ever holds more than N admitted calls, across two limiters.
func TestSlidingWindowNeverExceedsTheBudget(t *testing.T) {
	b := broker.OpenTest(t)
	lim := ratelimit.Limit{N: 20, Per: 2 * time.Second, Sliding: true}
	l1, l2 := ratelimit.New(b), ratelimit.New(b)
	var mu sync.Mutex
	var admitted []time.Time
	var wg sync.WaitGroup
	start := time.Now()
	for i := range 6 {
		l := l1
		if i%2 == 1 {
			l = l2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 6 {
				if err := l.Wait(context.Background(), "sliding", lim); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				admitted = append(admitted, time.Now())
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(admitted) != 36 {
		t.Fatalf("admitted %d", len(admitted))
	}
	for i, a := range admitted {
		n := 0
		for _, b := range admitted[i:] {
			if b.Sub(a) < lim.Per {
				n++
			}
		}
		if n > lim.N {
			t.Fatalf("%d calls within %s of call %d, budget %d", n, lim.Per, i, lim.N)
		}
	}
	// 36 calls at 19 per window need at least one full window of waiting.
	if el := time.Since(start); el < lim.Per {
		t.Fatalf("36 calls admitted in %s: the window was not enforced", el)
	}
}
