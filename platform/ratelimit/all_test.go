package ratelimit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"imbridge/platform/ratelimit"
	"imbridge/platform/ratelimit/ratelimittest"
	"imbridge/worker/broker"
)

var (
	margin       = 100 * time.Millisecond
	appLimits    = []ratelimit.Limit{{N: 50, Per: time.Second, Burst: 2}, {N: 1000, Per: time.Minute, Sliding: true, Margin: margin}}
	personLimits = []ratelimit.Limit{ratelimit.PerSecond(5)}
)

func message(person string) []ratelimit.Budget {
	return []ratelimit.Budget{{Key: "app", Limits: appLimits}, {Key: "person:" + person, Limits: personLimits}}
}

// Every call to a different person takes exactly one slot of the app's
// budgets: 1,000 calls go in the first minute at 48 a second, and the
// 1,001st waits for the first to leave the minute (and its margin). Slots
// taken more than once would end the minute early.
func TestWaitAllTakesOneSlotOfEach(t *testing.T) {
	v, ls := limiters(t, 1)
	var at []time.Time
	for i := range 1001 {
		if err := ls[0].WaitAll(context.Background(), message(fmt.Sprint(i))...); err != nil {
			t.Fatal(err)
		}
		at = append(at, v.Now())
	}
	if d := at[999].Sub(ratelimittest.Start); d < 20*time.Second || d > 21*time.Second {
		t.Fatalf("call 1,000 admitted after %v, want the 48-a-second pace (about 20.8 s)", d)
	}
	if d := at[1000].Sub(at[0]); d < time.Minute+margin || d > time.Minute+margin+time.Second {
		t.Fatalf("call 1,001 admitted %v after the first, want just over a minute and the margin", d)
	}
	// Wait shares the state: the first two calls (the burst) have left the
	// minute, so Wait finds one slot free, and the next waits for call 3.
	start := v.Now()
	for range 2 {
		if err := ls[0].Wait(context.Background(), "app", appLimits...); err != nil {
			t.Fatal(err)
		}
	}
	if v.Now().Sub(start) == 0 {
		t.Fatal("Wait found the app's minute free after WaitAll filled it")
	}
}

// Calls to one person go at that person's pace (5 a second paced at 4),
// and while one waits for its person it holds no app slot: calls to
// others go on at the app's pace meanwhile.
func TestWaitAllHoldsNothingWhileWaiting(t *testing.T) {
	v, ls := limiters(t, 1)
	var same []time.Time
	for range 3 {
		if err := ls[0].WaitAll(context.Background(), message("p")...); err != nil {
			t.Fatal(err)
		}
		same = append(same, v.Now())
	}
	for i := 1; i < len(same); i++ {
		if d := same[i].Sub(same[i-1]); d < 250*time.Millisecond-time.Millisecond {
			t.Fatalf("two calls to one person %v apart", d)
		}
	}
	// 0.5 s have passed with 3 calls taken: the app's budget let about 24
	// more go by, so 20 calls to others now need no more than the app's
	// own pace, not the person's.
	start := v.Now()
	for i := range 20 {
		if err := ls[0].WaitAll(context.Background(), message(fmt.Sprint("o", i))...); err != nil {
			t.Fatal(err)
		}
	}
	if d := v.Now().Sub(start); d > 20*time.Second/48+time.Millisecond {
		t.Fatalf("20 calls to different people took %v", d)
	}
}

// No limits: admitted at once, without Redis.
func TestWaitAllWithoutLimits(t *testing.T) {
	l := ratelimit.New(&broker.Broker{}) // no Redis at all
	if err := l.WaitAll(context.Background(), ratelimit.Budget{Key: "x"}); err != nil {
		t.Fatal(err)
	}
	_, ls := limiters(t, 1)
	if err := ls[0].WaitAll(context.Background(), ratelimit.Budget{Key: "x", Limits: []ratelimit.Limit{{}}}); err == nil {
		t.Fatal("a zero limit was accepted")
	}
}
