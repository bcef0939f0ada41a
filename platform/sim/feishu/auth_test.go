package feishu

import (
	"net/http"
	"slices"
	"testing"
	"time"

	lark "github.com/larksuite/oapi-sdk-go/v3"
	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

func getRoot(t *testing.T, c *lark.Client) *larkcontact.GetDepartmentResp {
	t.Helper()
	r, err := c.Contact.Department.Get(ctx(t), larkcontact.NewGetDepartmentReqBuilder().DepartmentId("0").Build())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTokenIssueAndRenewal(t *testing.T) {
	clock := newFakeClock(time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC))
	e := newEnv(t, Config{Now: clock.Now})

	// The SDK fetches a token on the first call and uses it.
	if r := getRoot(t, e.client); !r.Success() || deref(r.Data.Department.DepartmentId) != "0" {
		t.Fatalf("root: %+v", r)
	}
	reqs := e.sim.Requests()
	if len(reqs) != 2 || reqs[0].API != "POST /open-apis/auth/v3/tenant_access_token/internal" || reqs[1].AppID != e.appID {
		t.Fatalf("request log: %+v", reqs)
	}
	if reqs[1].Query != "" || reqs[1].Status != 200 || reqs[1].Code != 0 {
		t.Fatalf("request record: %+v", reqs[1])
	}

	var tok struct {
		Code   int    `json:"code"`
		Msg    string `json:"msg"`
		Token  string `json:"tenant_access_token"`
		Expire int    `json:"expire"`
	}
	body := map[string]string{"app_id": e.appID, "app_secret": e.secret}
	e.post("/open-apis/auth/v3/tenant_access_token/internal", "", body, &tok)
	first := tok.Token
	if tok.Code != 0 || tok.Msg != "ok" || tok.Expire != 7200 || first[:2] != "t-" {
		t.Fatalf("token: %+v", tok)
	}
	// More than 30 min left: the same token, with the remaining lifetime.
	clock.Add(time.Hour)
	e.post("/open-apis/auth/v3/tenant_access_token/internal", "", body, &tok)
	if tok.Token != first || tok.Expire != 3600 {
		t.Fatalf("within lifetime: %+v", tok)
	}
	// Less than 30 min left: a new token, and the old one stays valid.
	clock.Add(45 * time.Minute)
	e.post("/open-apis/auth/v3/tenant_access_token/internal", "", body, &tok)
	if tok.Token == first || tok.Expire != 7200 {
		t.Fatalf("renewal: %+v", tok)
	}
	var out struct{ Code int }
	if e.get("/open-apis/contact/v3/departments/0", first, &out); out.Code != 0 {
		t.Fatalf("old token should still work: %d", out.Code)
	}
	// Past its lifetime the old token is invalid.
	clock.Add(16 * time.Minute)
	if resp := e.get("/open-apis/contact/v3/departments/0", first, &out); out.Code != CodeTokenInvalid || resp.StatusCode != 400 {
		t.Fatalf("expired token: status %d code %d", resp.StatusCode, out.Code)
	}
	if e.get("/open-apis/contact/v3/departments/0", "", &out); out.Code != CodeTokenMissing {
		t.Fatalf("missing token: %d", out.Code)
	}

	// Bad credentials: the SDK returns the CodeError as an error.
	bad := lark.NewClient(e.appID+"x", "wrong", lark.WithOpenBaseUrl(e.srv.URL), lark.WithLogLevel(larkcore.LogLevelError))
	if _, err := bad.Contact.Department.Get(ctx(t), larkcontact.NewGetDepartmentReqBuilder().DepartmentId("0").Build()); err == nil {
		t.Fatal("bad secret: want an error")
	}
	// What Feishu answers on the token endpoint (larksuite/cli; live
	// observations): HTTP 200 with 10014 for a wrong secret or an unknown
	// app id, 10003 for a missing one.
	for _, c := range []struct {
		app, secret string
		code        int
		msg         string
	}{
		{e.appID, "nope", 10014, "app secret invalid"},
		{e.appID + "x", "nope", 10014, "app id not exists"},
		{e.appID, "", 10003, "invalid param"},
	} {
		var ce struct {
			Code int
			Msg  string
		}
		if resp := e.post("/open-apis/auth/v3/tenant_access_token/internal", "",
			map[string]string{"app_id": c.app, "app_secret": c.secret}, &ce); ce.Code != c.code || ce.Msg != c.msg || resp.StatusCode != 200 {
			t.Fatalf("credentials %q/%q: status %d code %d %q", c.app, c.secret, resp.StatusCode, ce.Code, ce.Msg)
		}
	}
	var app struct {
		Code     int    `json:"code"`
		AppToken string `json:"app_access_token"`
	}
	e.post("/open-apis/auth/v3/app_access_token/internal", "", body, &app)
	if app.Code != 0 || app.AppToken[:2] != "a-" {
		t.Fatalf("app token: %+v", app)
	}
}

func TestTokenExpiresAfterCalls(t *testing.T) {
	e := newEnv(t, Config{TokenExpiresAfterCalls: 2})
	for i := 0; i < 2; i++ {
		if r := getRoot(t, e.client); !r.Success() {
			t.Fatalf("call %d: %+v", i, r.CodeError)
		}
	}
	// The SDK retries 99991663 once with the same cached token, then gives
	// the code back with err == nil.
	r := getRoot(t, e.client)
	if r.Code != CodeTokenInvalid || r.StatusCode != http.StatusBadRequest {
		t.Fatalf("third call: status %d code %d", r.StatusCode, r.Code)
	}
	// A fresh token works again (the invalidated one is never handed out).
	var out struct{ Code int }
	if e.get("/open-apis/contact/v3/departments/0", e.token(), &out); out.Code != 0 {
		t.Fatalf("new token: %d", out.Code)
	}
	e.sim.SetTokenExpiresAfterCalls(0)
	e.sim.ExpireTokens(e.appID)
	if e.get("/open-apis/contact/v3/departments/0", e.token(), &out); out.Code != 0 {
		t.Fatalf("after ExpireTokens a new token must be issued: %d", out.Code)
	}
}

func TestRateLimit(t *testing.T) {
	clock := newFakeClock(time.Date(2025, 1, 1, 9, 0, 10, 0, time.UTC))
	e := newEnv(t, Config{Now: clock.Now})
	tok := e.token()
	path := "/open-apis/contact/v3/departments/0"
	var out struct {
		Code int    `json:"code"`
		Msg  string `json:"msg"`
	}
	// Default: 50 per second per app and API.
	for i := 0; i < 50; i++ {
		if e.get(path, tok, &out); out.Code != 0 {
			t.Fatalf("call %d: %d", i, out.Code)
		}
	}
	resp := e.get(path, tok, &out)
	if resp.StatusCode != http.StatusTooManyRequests || out.Code != CodeRateLimited || out.Msg != "request trigger frequency limit" {
		t.Fatalf("51st call: status %d %+v", resp.StatusCode, out)
	}
	if resp.Header.Get("x-ogw-ratelimit-limit") != "50" || resp.Header.Get("x-ogw-ratelimit-reset") != "1" {
		t.Fatalf("headers: %v", resp.Header)
	}
	// Another API has its own budget.
	if e.get("/open-apis/contact/v3/departments/0/children", tok, &out); out.Code != 0 {
		t.Fatalf("other API throttled: %d", out.Code)
	}
	// Next second: allowed again; the minute budget (1000) keeps counting.
	clock.Add(time.Second)
	if e.get(path, tok, &out); out.Code != 0 {
		t.Fatalf("next second: %d", out.Code)
	}
	if st := e.sim.Stats(); st.RateLimited != 1 {
		t.Fatalf("stats: %+v", st)
	}

	// A per-minute limit reports the seconds left in the minute; the SDK
	// hands back the 429 with its headers and err == nil.
	e.sim.SetAPILimit(APIDepartmentGet, Limit{PerMinute: 3})
	clock.Add(59 * time.Second) // 09:00:11 → 09:01:10
	for i := 0; i < 3; i++ {
		if r := getRoot(t, e.client); !r.Success() {
			t.Fatalf("call %d: %+v", i, r.CodeError)
		}
	}
	r := getRoot(t, e.client)
	if r.StatusCode != 429 || r.Code != CodeRateLimited || r.Header.Get("x-ogw-ratelimit-reset") != "50" {
		t.Fatalf("per-minute: status %d code %d reset %q", r.StatusCode, r.Code, r.Header.Get("x-ogw-ratelimit-reset"))
	}
	e.sim.DisableRateLimits(true)
	if r := getRoot(t, e.client); !r.Success() {
		t.Fatalf("limits off: %+v", r.CodeError)
	}
}

// ThrottleEvery refuses every nth API call as over budget, with the
// headers of a real throttle, limits or not.
func TestThrottleEvery(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	e.sim.ThrottleEvery(3)
	var got []int
	for range 6 {
		r := getRoot(t, e.client)
		got = append(got, r.StatusCode)
		if r.StatusCode == 429 && (r.Code != CodeRateLimited || r.Header.Get("x-ogw-ratelimit-reset") != "1") {
			t.Fatalf("throttled call: code %d reset %q", r.Code, r.Header.Get("x-ogw-ratelimit-reset"))
		}
	}
	if want := []int{200, 200, 429, 200, 200, 429}; !slices.Equal(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	if st := e.sim.Stats(); st.RateLimited != 2 {
		t.Fatalf("stats: %+v", st)
	}
	e.sim.ThrottleEvery(0)
	for range 3 {
		if r := getRoot(t, e.client); !r.Success() {
			t.Fatalf("throttling off: %+v", r.CodeError)
		}
	}
}

func TestInjectedFaults(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	e.sim.FailNext(2)
	for i := 0; i < 2; i++ {
		r := getRoot(t, e.client)
		if r.StatusCode != 500 || r.Code != CodeInternal || r.RequestId() == "" {
			t.Fatalf("fault %d: status %d code %d logid %q", i, r.StatusCode, r.Code, r.RequestId())
		}
	}
	if r := getRoot(t, e.client); !r.Success() {
		t.Fatalf("after faults: %+v", r.CodeError)
	}
	if st := e.sim.Stats(); st.Faults != 2 {
		t.Fatalf("stats: %+v", st)
	}
	// 504 becomes the SDK's ServerTimeoutError.
	e.sim.SetErrorStatus(504)
	e.sim.FailNext(1)
	if _, err := e.client.Contact.Department.Get(ctx(t), larkcontact.NewGetDepartmentReqBuilder().DepartmentId("0").Build()); err == nil {
		t.Fatal("504: want an error")
	}
	e.sim.SetErrorStatus(500)

	// A seeded error rate fails the same calls every run.
	pattern := func() []bool {
		e.sim.SetErrorRate(0.3, 42)
		var p []bool
		for i := 0; i < 40; i++ {
			p = append(p, !getRoot(t, e.client).Success())
		}
		e.sim.SetErrorRate(0, 0)
		return p
	}
	a, b := pattern(), pattern()
	fails := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("error pattern differs at %d", i)
		}
		if a[i] {
			fails++
		}
	}
	if fails == 0 || fails == len(a) {
		t.Fatalf("implausible failure count %d/40", fails)
	}

	// Latency is added to every request.
	e.sim.SetLatency(30 * time.Millisecond)
	start := time.Now()
	getRoot(t, e.client)
	if time.Since(start) < 30*time.Millisecond {
		t.Fatal("latency not applied")
	}
}

func TestScopes(t *testing.T) {
	e := newEnv(t, Config{})
	e.sim.SetScopes(e.appID, ScopeContactReadonly)
	if r := getRoot(t, e.client); !r.Success() {
		t.Fatalf("read with readonly scope: %+v", r.CodeError)
	}
	r, err := e.client.Contact.Department.Create(ctx(t), larkcontact.NewCreateDepartmentReqBuilder().
		Department(larkcontact.NewDepartmentBuilder().Name("x").ParentDepartmentId("0").Build()).Build())
	if err != nil {
		t.Fatal(err)
	}
	if r.Code != CodeScopeMissing || r.Err == nil || len(r.Err.PermissionViolations) == 0 ||
		r.Err.PermissionViolations[0].Subject != ScopeContact || r.Err.LogID == "" {
		t.Fatalf("write without scope: %+v %+v", r.CodeError, r.Err)
	}
	e.sim.SetScopes(e.appID)
	if r := getRoot(t, e.client); r.Code != CodeScopeMissing {
		t.Fatalf("no scopes: %d", r.Code)
	}
	if e.sim.HasScope(e.appID, ScopeMessageSendAsBot) {
		t.Fatal("HasScope with no scopes")
	}
}
