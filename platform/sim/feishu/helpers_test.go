package feishu

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	lark "github.com/larksuite/oapi-sdk-go/v3"
	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
)

var appSeq atomic.Int64

// env is one simulator behind httptest with one registered app and an SDK
// client for it. App ids are unique per test because the SDK caches tokens
// in a process-global map keyed by app id.
type env struct {
	t      *testing.T
	sim    *Server
	srv    *httptest.Server
	appID  string
	secret string
	client *lark.Client
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	appID := fmt.Sprintf("cli_test%04d", appSeq.Add(1))
	secret := "secret-" + appID
	cfg.Apps = append(cfg.Apps, App{ID: appID, Secret: secret})
	sim := New(cfg)
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	return &env{t: t, sim: sim, srv: srv, appID: appID, secret: secret,
		client: lark.NewClient(appID, secret, lark.WithOpenBaseUrl(srv.URL),
			lark.WithLogLevel(larkcore.LogLevelError), lark.WithReqTimeout(10*time.Second))}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// token fetches a tenant token over plain HTTP.
func (e *env) token() string {
	e.t.Helper()
	var out struct {
		Code  int    `json:"code"`
		Token string `json:"tenant_access_token"`
	}
	e.post("/open-apis/auth/v3/tenant_access_token/internal", "",
		map[string]string{"app_id": e.appID, "app_secret": e.secret}, &out)
	if out.Code != 0 || out.Token == "" {
		e.t.Fatalf("token: %+v", out)
	}
	return out.Token
}

// post/get make raw calls for what the SDK hides (headers, status codes).
func (e *env) post(path, token string, body, out any) *http.Response {
	e.t.Helper()
	b, _ := json.Marshal(body)
	return e.do(http.MethodPost, path, token, bytes.NewReader(b), out)
}

func (e *env) get(path, token string, out any) *http.Response {
	e.t.Helper()
	return e.do(http.MethodGet, path, token, nil, out)
}

func (e *env) do(method, path, token string, body *bytes.Reader, out any) *http.Response {
	e.t.Helper()
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequest(method, e.srv.URL+path, body)
	} else {
		req, err = http.NewRequest(method, e.srv.URL+path, nil)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if !strings.Contains(resp.Header.Get("Content-Type"), "application/json") {
		e.t.Fatalf("%s %s: content type %q", method, path, resp.Header.Get("Content-Type"))
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			e.t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
	return resp
}

// fakeClock is a settable clock for token and rate-limit tests.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock(t time.Time) *fakeClock {
	c := &fakeClock{}
	c.ns.Store(t.UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time      { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) Add(d time.Duration) { c.ns.Add(int64(d)) }
func deref[T any](p *T) (v T) {
	if p != nil {
		v = *p
	}
	return v
}
