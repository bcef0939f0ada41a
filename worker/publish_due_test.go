package worker

import (
	"testing"
	"time"
)

// publishedSteps feeds a phase's reports, one every `every`, through
// publishDue and returns the Done of each state published.
func publishedSteps(total, step int, every time.Duration) []int {
	var sent Progress
	var sentAt time.Time
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []int
	for done := 0; done <= total; done += step {
		p := Progress{Phase: "users", Total: total, Done: done}
		if publishDue(sent, sentAt, p, now) {
			sent, sentAt = p, now
			out = append(out, done)
		}
		now = now.Add(every)
	}
	return out
}

// A fast phase (500 people reported 10 at a time within a quarter of a
// second, as the demo's pull does) is still published in steps of at most
// 1/publishSteps of it, and ends on its last state; the time throttle alone
// published it in one leap.
func TestPublishDueStepsAFastPhase(t *testing.T) {
	got := publishedSteps(500, 10, 2*time.Millisecond)
	if got[len(got)-1] != 500 {
		t.Fatalf("last published %d, want the phase's end 500: %v", got[len(got)-1], got)
	}
	for i := 1; i < len(got); i++ {
		// A step, and the report that crossed it.
		if d := got[i] - got[i-1]; d > 500/publishSteps+10 {
			t.Fatalf("a leap of %d people (of 500) between published states: %v", d, got)
		}
	}
	if len(got) > publishSteps+2 {
		t.Fatalf("%d states published for one phase, want about %d: %v", len(got), publishSteps, got)
	}
}

// A slow phase reported person by person publishes about every
// publishInterval, not every report.
func TestPublishDueThrottlesASlowPhase(t *testing.T) {
	got := publishedSteps(100_000, 1, time.Millisecond) // 100 s
	// The interval's ~400 states and the steps' 20, at most.
	if n := len(got); n > int(100*time.Second/publishInterval)+publishSteps+2 || n < 100 {
		t.Fatalf("%d states published for a 100 s phase", n)
	}
}

// A new phase is published at once, whatever the interval.
func TestPublishDueNewPhase(t *testing.T) {
	now := time.Now()
	sent := Progress{Phase: "departments", Total: 40, Done: 40}
	if !publishDue(sent, now, Progress{Phase: "users", Total: 500}, now.Add(time.Millisecond)) {
		t.Fatal("the users phase's first state was held back")
	}
	if publishDue(sent, now, Progress{Phase: "departments", Total: 41, Done: 1}, now.Add(time.Millisecond)) {
		t.Fatal("a 1/41 advance was published within the interval")
	}
}
