package webhook_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/seal"
	"imbridge/ent/webhookdelivery"
	"imbridge/platform/egress"
	"imbridge/worker/webhook"
)

// clock is a test clock: it moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// logBuffer collects what the code under test logs.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// env is a database with one tenant, a publisher, a sender and a
// dispatcher on one test clock, allowed to reach 127.0.0.1 (the test
// receivers) as an operator would allow an OA host.
type env struct {
	t      testing.TB
	db     *ent.Client
	ctx    context.Context // the tenant's system
	tenant int
	sealer *seal.Sealer
	clock  *clock
	pub    *webhook.Publisher
	sender *webhook.Sender
	disp   *webhook.Dispatcher
	logs   *logBuffer
}

type envOptions struct {
	egress  *egress.Policy
	retry   webhook.RetryPolicy
	timeout time.Duration
}

func newEnv(t testing.TB, opts ...envOptions) *env {
	t.Helper()
	var o envOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.egress == nil {
		o.egress = egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1"), Setting: webhook.Setting, Subject: webhook.Subject})
	}
	if o.retry.Jitter == nil {
		o.retry.Jitter = func(d time.Duration) time.Duration { return d }
	}
	db := dbtest.Open(t).Client
	ten, ctx := dbtest.Tenant(t, db, "acme")
	sealer, err := seal.New(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	logs := &logBuffer{}
	sender := &webhook.Sender{Sealer: sealer, Egress: o.egress, Now: clk.Now, Timeout: o.timeout}
	disp := webhook.NewDispatcher(webhook.DispatcherParams{
		DB: db, Sender: sender, Now: clk.Now, Retry: o.retry,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	return &env{
		t: t, db: db, ctx: ctx, tenant: ten.ID, sealer: sealer, clock: clk,
		pub: &webhook.Publisher{DB: db, Now: clk.Now}, sender: sender, disp: disp, logs: logs,
	}
}

// endpoint creates an endpoint and returns it with its secret.
func (e *env) endpoint(url string, types ...string) (*ent.WebhookEndpoint, string) {
	e.t.Helper()
	secret := webhook.NewSecret()
	c := e.db.WebhookEndpoint.Create().SetName("OA").SetURL(url).SetEventTypes(types)
	webhook.SetSecret(c.Mutation(), e.sealer, secret)
	ep, err := c.Save(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return ep, secret
}

func (e *env) publish(id, typ, subject string, data any) {
	e.t.Helper()
	if err := e.pub.Publish(e.ctx, e.tenant, webhook.Event{ID: id, Type: typ, Subject: subject, Payload: data}); err != nil {
		e.t.Fatal(err)
	}
}

// run makes dispatcher passes until one attempts nothing.
func (e *env) run() {
	e.t.Helper()
	for range 100 {
		n, err := e.disp.RunOnce(context.Background())
		if err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	e.t.Fatal("the dispatcher does not settle")
}

func (e *env) delivery(eventID string) *ent.WebhookDelivery {
	e.t.Helper()
	d, err := e.db.WebhookDelivery.Query().Where(webhookdelivery.EventID(eventID)).Only(e.ctx)
	if err != nil {
		e.t.Fatalf("delivery %s: %v", eventID, err)
	}
	return d
}

// request is what a receiver got.
type request struct {
	header http.Header
	body   []byte
	event  string
}

// receiver is a scripted OA receiver: answer decides each response from
// the request and how many came before it; every request is recorded.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []request
	answer func(n int, r request, w http.ResponseWriter)
}

func newReceiver(t testing.TB, answer func(n int, r request, w http.ResponseWriter)) *receiver {
	rc := &receiver{answer: answer}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		req := request{header: r.Header.Clone(), body: b, event: r.Header.Get(webhook.HeaderDelivery)}
		rc.mu.Lock()
		n := len(rc.got)
		rc.got = append(rc.got, req)
		rc.mu.Unlock()
		if rc.answer != nil {
			rc.answer(n, req, w)
		}
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) requests() []request {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]request(nil), rc.got...)
}

func (rc *receiver) events() []string {
	var out []string
	for _, r := range rc.requests() {
		out = append(out, r.event)
	}
	return out
}
