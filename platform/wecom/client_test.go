package wecom_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/ratelimit"
	"imbridge/platform/wecom"
)

// Tokens are cached in Redis and shared: two clients of one app (two
// processes) and many concurrent calls fetch one token.
func TestTokenSharedAndSingleFlight(t *testing.T) {
	e := newEnv(t, nil)
	a, b := e.client(t, appSecret), e.client(t, appSecret)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := a
			if i%2 == 1 {
				c = b
			}
			if _, err := c.Department(context.Background(), "0"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := e.sim.Count(wecom.APIGetToken); n != 1 {
		t.Fatalf("gettoken called %d times, want 1 (cached and shared)", n)
	}
	// Another app of the same corp has its own token.
	if _, err := e.client(t, syncSecret).Department(context.Background(), "0"); err != nil {
		t.Fatal(err)
	}
	if n := e.sim.Count(wecom.APIGetToken); n != 2 {
		t.Fatalf("gettoken called %d times, want 2 (one per app)", n)
	}
}

// An expired token (42001) is refreshed once and the call succeeds; many
// callers that all saw it expire cause a single gettoken.
func TestExpiredTokenRefreshedOnce(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client(t, appSecret)
	ctx := context.Background()
	if _, err := c.Department(ctx, "0"); err != nil {
		t.Fatal(err)
	}
	e.sim.ExpireTokens()
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Department(ctx, "0"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := e.sim.Count(wecom.APIGetToken); n != 2 {
		t.Fatalf("gettoken called %d times, want 2 (one refresh for all callers)", n)
	}
	// A token refused again right after the refresh is not retried forever.
	e.sim.Inject(40014, 40014)
	_, err := c.Department(ctx, "0")
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != 40014 || pe.Class != platform.ClassCredentials {
		t.Fatalf("twice refused: %v", err)
	}
}

// 45009 is waited out and the call succeeds; past Retry.Throttled it is
// ClassRateLimit with WeCom's errmsg and the hint as the log id.
func TestFrequencyLimit(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client(t, appSecret)
	ctx := context.Background()
	e.sim.Inject(45009, 45009)
	if _, err := c.Department(ctx, "0"); err != nil {
		t.Fatalf("two 45009 then success: %v", err)
	}
	e.sim.Inject(45009, 45009, 45009, 45009)
	_, err := c.Department(ctx, "0")
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != 45009 || pe.Class != platform.ClassRateLimit || pe.LogID == "" || pe.Msg != "api freq out of limit" {
		t.Fatalf("45009 past the retries: %#v", err)
	}
	// -1 (系统繁忙) is retried.
	e.sim.Inject(-1, -1)
	if _, err := c.Department(ctx, "0"); err != nil {
		t.Fatalf("-1 twice then success: %v", err)
	}
}

// The simulator's own limit (per corp and cgi per minute) answers 45009;
// the client's limiter, given the same budget, stays under it.
func TestLimiterKeepsUnderTheCorpLimit(t *testing.T) {
	e := newEnv(t, nil)
	e.sim.SetPerMinute(5)
	c := e.client(t, appSecret, func(p *wecom.Params) {
		p.Limits = map[string][]ratelimit.Limit{wecom.APIDepartmentGet: {{N: 5, Per: time.Minute, Sliding: true}}}
		p.Retry.Throttled = -1
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	n := 0
	for {
		if _, err := c.Department(ctx, "0"); err != nil {
			if platform.ClassOf(err) == platform.ClassRateLimit {
				t.Fatalf("call %d hit the platform's limit: %v", n+1, err)
			}
			break // the limiter made it wait past the test's deadline
		}
		n++
	}
	// The limiter keeps one call of slack (ratelimit.Limit): N-1 a window.
	if n != 4 {
		t.Fatalf("%d calls admitted in the minute, want 4", n)
	}
}

// Both base windows are taken in one step: a call waiting for the minute
// window holds no slot of the hour window. Taken one after the other, the
// waiting call would already have counted in the hour (and any call given
// up at its deadline would have cost the hour a slot for nothing).
func TestWaitingCallHoldsNoSlot(t *testing.T) {
	e := newEnv(t, nil)
	count := func(limits ...ratelimit.Limit) int {
		c := e.client(t, appSecret, func(p *wecom.Params) {
			p.Limits = map[string][]ratelimit.Limit{wecom.APIDepartmentGet: limits}
		})
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		n := 0
		for {
			if _, err := c.Department(ctx, "0"); err != nil {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("call %d: %v", n+1, err)
				}
				return n
			}
			n++
		}
	}
	minute := ratelimit.Limit{N: 4, Per: time.Minute, Sliding: true}
	hour := ratelimit.Limit{N: 100, Per: time.Hour, Sliding: true}
	if n := count(minute, hour); n != 3 {
		t.Fatalf("%d calls in the minute window, want 3 (N-1)", n)
	}
	// The hour window has seen exactly those 3: with 4 of slack left (N-1
	// of 5), another client on the same corp and cgi gets 1 more.
	if n := count(ratelimit.Limit{N: 5, Per: time.Hour, Sliding: true}); n != 1 {
		t.Fatalf("%d calls left in the hour window, want 1: the waiting call took an hour slot", n)
	}
}

// Bad credentials are ClassCredentials with WeCom's code and a remedy.
func TestBadCredentials(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.client(t, "wrong").Probe(context.Background())
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != 40001 || pe.Class != platform.ClassCredentials || pe.Hint == "" {
		t.Fatalf("wrong secret: %#v", err)
	}
	c := e.client(t, appSecret, func(p *wecom.Params) { p.CorpID = "ww-other" })
	_, err = c.Probe(context.Background())
	if !errors.As(err, &pe) || pe.Code != 40013 {
		t.Fatalf("wrong corpid: %v", err)
	}
}

// The egress policy applies: without the allow list, the loopback
// simulator is refused before any request.
func TestEgressRefusesPrivateHosts(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client(t, appSecret, func(p *wecom.Params) { p.Egress = nil })
	_, err := c.Department(context.Background(), "0")
	if err == nil || len(e.sim.Requests()) != 0 {
		t.Fatalf("strict egress: %v, %d requests reached the simulator", err, len(e.sim.Requests()))
	}
}
