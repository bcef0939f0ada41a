package feishu_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	"imbridge/platform/ratelimit/ratelimittest"
	feishusim "imbridge/platform/sim/feishu"
)

func count(sim *feishusim.Server, pred func(feishusim.RequestRecord) bool) int {
	n := 0
	for _, r := range sim.Requests() {
		if pred(r) {
			n++
		}
	}
	return n
}

func isTokenRequest(r feishusim.RequestRecord) bool { return r.API == feishu.APITenantToken }

// Tokens die every 300 calls: each death is evicted and retried once, and
// the walk is still exact.
func TestTokenExpiryEvictsAndRetries(t *testing.T) {
	e := newEnv(t, feishusim.Config{Org: bigOrg(), RateLimit: feishusim.RateLimit{Disabled: true},
		TokenExpiresAfterCalls: 300}, nil)
	w := walk(testCtx(t), t, e.client)
	checkMatches(t, e.sim, e.appID, w)
	rejected := count(e.sim, func(r feishusim.RequestRecord) bool { return r.Code == feishusim.CodeTokenInvalid })
	tokens := count(e.sim, isTokenRequest)
	if rejected == 0 || tokens < 2 {
		t.Fatalf("expected expired tokens to be replaced: %d rejected calls, %d token requests", rejected, tokens)
	}
	t.Logf("%d calls rejected for an expired token, %d token requests", rejected, tokens)
}

// 5% of calls fail with 500: retried with backoff, the walk is exact.
func TestServerErrorsAreRetried(t *testing.T) {
	e := newEnv(t, feishusim.Config{Org: bigOrg(), RateLimit: feishusim.RateLimit{Disabled: true},
		ErrorRate: 0.05, Seed: 3}, nil)
	w := walk(testCtx(t), t, e.client)
	checkMatches(t, e.sim, e.appID, w)
	if f := e.sim.Stats().Faults; f == 0 {
		t.Fatal("no faults injected")
	}
}

// A 504 is the SDK's ServerTimeoutError (no response at all): retried too.
func TestGatewayTimeoutIsRetried(t *testing.T) {
	e := newEnv(t, feishusim.Config{Org: bigOrg(), RateLimit: feishusim.RateLimit{Disabled: true}}, nil)
	e.sim.SetErrorStatus(http.StatusGatewayTimeout)
	e.sim.FailNext(3)
	top := e.sim.Org().Children(feishusim.RootDepartmentID)[0]
	d, err := e.client.Department(testCtx(t), top)
	if err != nil || d.ID != top {
		t.Fatalf("Department after three 504s: %+v, %v", d, err)
	}
}

// Retries are bounded: a server that always fails gives up with the
// platform's error.
func TestServerErrorsGiveUp(t *testing.T) {
	e := newEnv(t, feishusim.Config{RateLimit: feishusim.RateLimit{Disabled: true}, ErrorRate: 1}, nil)
	_, err := e.client.Department(testCtx(t), feishusim.RootDepartmentID)
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.HTTPStatus != http.StatusInternalServerError || pe.Code != feishusim.CodeInternal {
		t.Fatalf("got %v", err)
	}
	if n := e.sim.Stats().Faults; n != 5 {
		t.Fatalf("%d attempts, want 5", n)
	}
}

// The simulator throttles hard and the client does not pace: every 429 is
// waited out (x-ogw-ratelimit-reset) and the walk is exact. Besides the
// simulator's 15/s, which a slow machine may never reach, every 10th call
// is refused, so there are 429s to wait out whatever the machine's speed.
func TestThrottlingIsWaitedOut(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Users: 300, Departments: 30, Seed: 5})
	e := newEnv(t, feishusim.Config{Org: org,
		RateLimit: feishusim.RateLimit{Default: feishusim.Limit{PerSecond: 15}}}, nil)
	e.sim.ThrottleEvery(10)
	w := walk(testCtx(t), t, e.client)
	checkMatches(t, e.sim, e.appID, w)
	if n := e.sim.Stats().RateLimited; n == 0 {
		t.Fatal("the simulator never throttled: the test proves nothing")
	} else {
		t.Logf("%d calls throttled and retried", n)
	}
}

// With the shared limiter sized to the simulator's limits (per second and
// per minute), the simulator never has to throttle, even with two clients —
// two processes — walking at once. The limiters and the simulator share a
// virtual clock (ratelimittest) that moves only when both walkers wait, so
// the simulator counts each call at the moment it was admitted: what is
// checked is the pacing, not the machine's speed.
func TestSizedLimiterAvoidsThrottling(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Users: 300, Departments: 30, Seed: 5})
	simLimit := feishusim.Limit{PerSecond: 20, PerMinute: 300}
	clock := ratelimittest.New(t)
	e := newEnv(t, feishusim.Config{Org: org, RateLimit: feishusim.RateLimit{Default: simLimit}, Now: clock.Now}, nil)
	sized := []ratelimit.Limit{ratelimit.PerSecond(simLimit.PerSecond), ratelimit.PerMinute(simLimit.PerMinute)}
	mod := func(p *feishu.Params) {
		p.Broker = clock.Broker(t)
		p.Limiter = ratelimit.NewWithClock(p.Broker, clock)
		p.Limits = map[string][]ratelimit.Limit{feishu.APIChildren: sized, feishu.APIFindByDepartment: sized}
	}
	c1, c2 := e.newClient(mod), e.newClient(mod)
	ctx := testCtx(t)
	done := make(chan walked, 2)
	clock.Join(2)
	for _, c := range []*feishu.Client{c1, c2} {
		go func() {
			defer clock.Leave()
			done <- walk(ctx, t, c)
		}()
	}
	w1, w2 := <-done, <-done
	checkMatches(t, e.sim, e.appID, w1)
	checkMatches(t, e.sim, e.appID, w2)
	calls := count(e.sim, func(r feishusim.RequestRecord) bool { return r.API != feishu.APITenantToken })
	if n := e.sim.Stats().RateLimited; n != 0 {
		t.Fatalf("%d of %d calls throttled with a limiter sized to the simulator", n, calls)
	}
	// Positive control: the walk was long enough to need pacing.
	if clock.Slept() == 0 {
		t.Fatalf("%d calls and the limiter never waited: the check proves nothing", calls)
	}
}

// A throttle wait ends with the context.
func TestThrottleWaitRespectsContext(t *testing.T) {
	// A frozen clock: the simulator's minute window never rolls over.
	frozen := time.Now()
	e := newEnv(t, feishusim.Config{RateLimit: feishusim.RateLimit{Default: feishusim.Limit{PerMinute: 1}},
		Now: func() time.Time { return frozen }}, nil)
	ctx := testCtx(t)
	if _, err := e.client.Department(ctx, feishusim.RootDepartmentID); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.client.Department(short, feishusim.RootDepartmentID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("waited %v past the context", d)
	}
}
