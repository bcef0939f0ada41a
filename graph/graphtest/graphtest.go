// Package graphtest stands up the whole API for black-box tests: a migrated
// database, Redis, the progress hub, a job worker and the GraphQL handler
// behind the real authentication middleware, on an httptest server. Tests
// talk to it as clients do: HTTP with a Bearer token or session cookie, and
// graphql-transport-ws for subscriptions.
package graphtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/database"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/seal"
	"imbridge/ent/viewer"
	"imbridge/graph"
	"imbridge/graph/auth"
	"imbridge/graph/sso"
	"imbridge/platform"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
	"imbridge/platform/ratelimit"
	"imbridge/worker"
	"imbridge/worker/broker"
	"imbridge/worker/progress"
	"imbridge/worker/webhook"
)

// Env is a running API.
type Env struct {
	T        testing.TB
	DB       *database.DB
	Client   *ent.Client
	Broker   *broker.Broker
	Server   *httptest.Server
	Resolver *graph.Resolver
	// Logs holds everything the server logged, to check no secret leaks.
	Logs *SyncBuffer
	// Clock is the API's clock (token expiry, WebSocket checks); tests move it.
	Clock *Clock

	api func() (*httptest.Server, *graph.Resolver, *Clock)
}

// Options tune New.
type Options struct {
	// Client replaces the ent client (e.g. one that counts queries).
	Client func(db *database.DB) *ent.Client
	// NoWorker leaves jobs queued.
	NoWorker bool
	// Limits override the platforms' documented rate limits.
	Limits map[string][]ratelimit.Limit
	// ScheduleReload is how often the worker re-reads sync schedules.
	ScheduleReload time.Duration
	// SweepInterval is how often the worker re-enqueues runs without a task.
	SweepInterval time.Duration
	// SocketCheckEvery is how often every open WebSocket's credentials are
	// checked (0: the production default; negative: never).
	SocketCheckEvery time.Duration
	// RequestLimits replace graph.DefaultRequestLimits.
	RequestLimits *graph.RequestLimits
	// Egress is the platform calls' policy. Default: 127.0.0.1 (where the
	// simulators listen) allowed, and a resolver that resolves nothing, so
	// no test depends on DNS.
	Egress *egress.Policy
	// WebhookEgress is the OA webhooks' policy. Default: 127.0.0.1 (where
	// tests' receivers listen) allowed, as an operator allows an OA host.
	WebhookEgress *egress.Policy
}

// noDNS resolves no name.
type noDNS struct{}

func (noDNS) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// New starts an API for the test.
func New(tb testing.TB, opts ...Options) *Env {
	tb.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	db := dbtest.Open(tb)
	client := db.Client
	if o.Client != nil {
		client = o.Client(db)
	}
	b := broker.OpenTest(tb)
	logs := &SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	jobs := worker.NewClient(b)
	tb.Cleanup(func() { jobs.Close() })
	sealer, err := seal.New(bytes.Repeat([]byte{42}, 32))
	if err != nil {
		tb.Fatal(err)
	}
	if o.Egress == nil {
		o.Egress = egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1"), Resolver: noDNS{}})
	}
	actions, err := platform.NewActionSigner(bytes.Repeat([]byte{43}, 32))
	if err != nil {
		tb.Fatal(err)
	}
	platforms := &appclient.Factory{Sealer: sealer, Broker: b, Logger: log, Limits: o.Limits, Egress: o.Egress, Actions: actions}
	if o.WebhookEgress == nil {
		o.WebhookEgress = egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1"), Resolver: noDNS{}, Setting: webhook.Setting, Subject: webhook.Subject})
	}
	hooks := &webhook.Sender{Sealer: sealer, Egress: o.WebhookEgress, Timeout: 5 * time.Second}
	if !o.NoWorker {
		ws := worker.NewServer(worker.ServerParams{Broker: b, DB: client, Client: jobs, Logger: log, Concurrency: 2, Platforms: platforms, ScheduleReload: o.ScheduleReload, SweepInterval: o.SweepInterval, Webhooks: hooks})
		if err := ws.Start(); err != nil {
			tb.Fatalf("starting worker: %v", err)
		}
		tb.Cleanup(ws.Shutdown)
	}
	api := func() (*httptest.Server, *graph.Resolver, *Clock) {
		return startAPI(tb, o, client, b, log, jobs, sealer, platforms, hooks)
	}
	srv, r, clock := api()
	return &Env{T: tb, DB: db, Client: client, Broker: b, Server: srv, Resolver: r, Logs: logs, Clock: clock, api: api}
}

// startAPI starts what an API process runs (progress hub, authentication,
// socket guard, GraphQL and /auth handlers) on an httptest server.
func startAPI(tb testing.TB, o Options, client *ent.Client, b *broker.Broker, log *slog.Logger, jobs *worker.Client, sealer *seal.Sealer, platforms *appclient.Factory, hooks *webhook.Sender) (*httptest.Server, *graph.Resolver, *Clock) {
	ctx := context.Background()
	hub := progress.NewHub(progress.HubParams{Broker: b, Logger: log})
	if err := hub.Start(ctx); err != nil {
		tb.Fatalf("starting hub: %v", err)
	}
	tb.Cleanup(hub.Stop)
	clock := &Clock{}
	authn := auth.New(client, b, log, false)
	authn.Now = clock.Now
	sockets := graph.NewSocketGuard(graph.SocketParams{Auth: authn, Logger: log, CheckEvery: o.SocketCheckEvery, Now: clock.Now})
	if err := sockets.Start(ctx); err != nil {
		tb.Fatalf("starting the socket guard: %v", err)
	}
	tb.Cleanup(sockets.Stop)
	r := &graph.Resolver{Client: client, Jobs: jobs, Broker: b, Hub: hub, Sealer: sealer, Auth: authn, Sockets: sockets, Logger: log, Platforms: platforms, PublicURL: "https://bridge.example.com", Webhooks: hooks}
	mux := http.NewServeMux()
	limits := graph.DefaultRequestLimits
	if o.RequestLimits != nil {
		limits = *o.RequestLimits
	}
	mux.Handle("/query", authn.Middleware(limits.Handler(graph.NewHandler(r, nil))))
	authMux := http.NewServeMux()
	authn.Routes(authMux)
	mux.Handle("/auth/", authn.Middleware(authMux))
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	// QR-code login, reached at the server's own URL (the callback URL the
	// simulator sends browsers back to).
	r.SSO = sso.New(sso.Service{DB: client, Broker: b, Platforms: platforms, Webhooks: hooks, Auth: authn,
		PublicURL: srv.URL, Logger: log, Now: clock.Now})
	ssoMux := http.NewServeMux()
	r.SSO.Routes(ssoMux)
	mux.Handle("/sso/", authn.Middleware(ssoMux))
	return srv, r, clock
}

// AnotherAPI starts a second API process on the same database and Redis (its
// own server, authentication, socket guard and clock; nothing shared in
// memory), as behind a load balancer. Callers reach it with Caller.On.
func (e *Env) AnotherAPI() *Env {
	e.T.Helper()
	srv, r, clock := e.api()
	other := *e
	other.Server, other.Resolver, other.Clock = srv, r, clock
	return &other
}

// Tenant creates a tenant with a tenant admin and an all-scopes API token,
// and returns a Caller for each.
func (e *Env) Tenant(slug string) (t *ent.Tenant, adminCaller, tokenCaller *Caller) {
	e.T.Helper()
	t, _ = dbtest.Tenant(e.T, e.Client, slug)
	adminCaller = e.Admin(slug+"-admin", admin.RoleTenantAdmin, t.ID)
	tokenCaller = e.Token(t.ID, slug+"-token", viewer.TokenScopes...)
	return t, adminCaller, tokenCaller
}

// Admin creates an admin and logs in.
func (e *Env) Admin(username string, role admin.Role, tenantID int) *Caller {
	e.T.Helper()
	const password = "Correct-Horse-9"
	hash, err := auth.HashPassword(password)
	if err != nil {
		e.T.Fatal(err)
	}
	c := e.Client.Admin.Create().SetUsername(username).SetPasswordHash(hash).SetRole(role)
	if tenantID != 0 {
		c.SetTenantID(tenantID)
	}
	if _, err := c.Save(dbtest.Bootstrap()); err != nil {
		e.T.Fatalf("creating admin: %v", err)
	}
	return e.Login(username, password)
}

// Login logs in through /auth/login and returns a cookie-authenticated caller.
func (e *Env) Login(username, password string) *Caller {
	e.T.Helper()
	resp, err := http.Post(e.Server.URL+"/auth/login", "application/json", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)))
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		e.T.Fatalf("login %s: %d %s", username, resp.StatusCode, body)
	}
	for _, c := range resp.Cookies() {
		if c.Name == auth.CookieName {
			return &Caller{env: e, cookie: c, Name: username}
		}
	}
	e.T.Fatal("login set no session cookie")
	return nil
}

// Token creates an API token with the scopes and returns a Bearer caller.
func (e *Env) Token(tenantID int, name string, scopes ...viewer.Scope) *Caller {
	e.T.Helper()
	secret, hash, prefix := auth.NewToken()
	ss := make([]string, len(scopes))
	for i, s := range scopes {
		ss[i] = string(s)
	}
	if _, err := e.Client.APIToken.Create().SetTenantID(tenantID).SetName(name).SetTokenHash(hash).SetPrefix(prefix).SetScopes(ss).Save(dbtest.Bootstrap()); err != nil {
		e.T.Fatalf("creating token: %v", err)
	}
	return &Caller{env: e, bearer: secret, Name: name}
}

// Anonymous returns a caller without credentials.
func (e *Env) Anonymous() *Caller { return &Caller{env: e, Name: "anonymous"} }

// SyncBuffer is a goroutine-safe log sink.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// String returns what was logged so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// Eventually polls cond until it holds or the timeout passes.
func Eventually(tb testing.TB, timeout time.Duration, cond func() bool, msg string) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatalf("timed out: %s", msg)
}
