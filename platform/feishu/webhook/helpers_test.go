package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imbridge/platform/feishu/webhook"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

const (
	testEncryptKey = "enc-key-Sup3rSecret"
	testToken      = "verif-token-Sup3rSecret"
	testAppPath    = "app-7"
)

var appSeq atomic.Int64

// recorder is a Deliver that remembers what it got and can fail on demand.
type recorder struct {
	mu     sync.Mutex
	events []webhook.Event
	keys   []webhook.AppKeys
	fail   atomic.Int32 // fail this many more calls
	block  chan struct{}
	// left is how much of its deadline each blocked call had when Deliver
	// was entered (-1: no deadline).
	left []time.Duration
}

func (rc *recorder) deliver(ctx context.Context, keys webhook.AppKeys, ev webhook.Event) error {
	if rc.block != nil {
		left := time.Duration(-1)
		if dl, ok := ctx.Deadline(); ok {
			left = time.Until(dl)
		}
		rc.mu.Lock()
		rc.left = append(rc.left, left)
		rc.mu.Unlock()
		select {
		case <-rc.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if rc.fail.Load() > 0 {
		rc.fail.Add(-1)
		return errors.New("queue unavailable")
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.events = append(rc.events, ev)
	rc.keys = append(rc.keys, keys)
	return nil
}

func (rc *recorder) got() []webhook.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]webhook.Event(nil), rc.events...)
}

// logBuf collects the handler's JSON log lines.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines returns the decoded log records.
func (l *logBuf) lines(t testing.TB) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.String()), "\n") {
		if line == "" {
			continue
		}
		m := map[string]any{}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// env is the handler behind httptest, mounted as server.go would, with one
// app and a simulator whose app pushes to it.
type env struct {
	t      testing.TB
	broker *broker.Broker
	sim    *feishusim.Server
	org    *feishusim.Org
	srv    *httptest.Server
	keys   webhook.AppKeys
	rec    *recorder
	logs   *logBuf
	url    string
}

func newEnv(t testing.TB, encryptKey string) *env {
	t.Helper()
	return newEnvOn(t, encryptKey, broker.OpenTest(t), nil)
}

// newEnvOn is newEnv sharing a Redis (and namespace) with other envs.
// now, when set, is the handler's clock.
func newEnvOn(t testing.TB, encryptKey string, b *broker.Broker, now func() time.Time) *env {
	t.Helper()
	n := appSeq.Add(1)
	e := &env{t: t, broker: b, rec: &recorder{}, logs: &logBuf{}}
	e.keys = webhook.AppKeys{TenantID: 3, AppID: int(n), FeishuAppID: fmt.Sprintf("cli_hook%04d", n),
		EncryptKey: encryptKey, VerificationToken: testToken}
	e.org = feishusim.Generate(feishusim.GenOptions{Users: 5, Departments: 2, Seed: 1})
	e.sim = feishusim.New(feishusim.Config{Org: e.org,
		Apps:             []feishusim.App{{ID: e.keys.FeishuAppID, Secret: "app-secret"}},
		EventMaxAttempts: 3, EventRetryBackoff: 5 * time.Millisecond})
	mux := http.NewServeMux()
	mux.Handle("/callback/feishu/{app}", webhook.NewHandler(webhook.Params{
		Lookup: func(_ context.Context, app string) (webhook.AppKeys, error) {
			if app != testAppPath {
				return webhook.AppKeys{}, webhook.ErrUnknownApp
			}
			return e.keys, nil
		},
		Deliver: e.rec.deliver,
		Broker:  e.broker,
		Logger:  slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:     now,
	}))
	e.srv = httptest.NewServer(mux)
	e.url = e.srv.URL + "/callback/feishu/" + testAppPath
	e.sim.SetEventSubscription(e.keys.FeishuAppID, e.url, encryptKey, testToken)
	t.Cleanup(func() { e.srv.Close(); e.sim.Close() })
	return e
}

func testCtx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

func (e *env) waitEvents() {
	e.t.Helper()
	if err := e.sim.WaitEvents(testCtx(e.t)); err != nil {
		e.t.Fatal(err)
	}
}

// envelope is a v2.0 event for the app, as Feishu builds it; mut edits the
// header before encoding.
func (e *env) envelope(eventID string, mut func(h map[string]any)) []byte {
	h := map[string]any{
		"event_id": eventID, "event_type": "contact.department.created_v3",
		"create_time": strconv.FormatInt(time.Now().UnixMilli(), 10),
		"token":       testToken, "app_id": e.keys.FeishuAppID, "tenant_key": "sim-tenant",
	}
	if mut != nil {
		mut(h)
	}
	b, err := json.Marshal(map[string]any{"schema": "2.0", "header": h,
		"event": map[string]any{"object": map[string]any{"name": "机密部门", "department_id": "D1"}}})
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// seal wraps a plaintext as {"encrypt":…} with the app's key.
func seal(t testing.TB, plain []byte, key string) []byte {
	enc, err := feishusim.Encrypt(plain, key)
	if err != nil {
		t.Fatal(err)
	}
	return sealedBody(enc)
}

func sealedBody(encrypt string) []byte {
	b, _ := json.Marshal(map[string]string{"encrypt": encrypt})
	return b
}

// signed returns Feishu's headers for body, signed at ts.
func signed(body []byte, key string, ts time.Time) http.Header {
	h := http.Header{}
	sec := strconv.FormatInt(ts.Unix(), 10)
	h.Set("X-Lark-Request-Timestamp", sec)
	h.Set("X-Lark-Request-Nonce", "n0nce")
	h.Set("X-Lark-Signature", feishusim.Sign(sec, "n0nce", key, body))
	return h
}

type response struct {
	status int
	body   string
}

func (e *env) post(url string, body io.Reader, h http.Header) response {
	e.t.Helper()
	req, err := http.NewRequestWithContext(testCtx(e.t), http.MethodPost, url, body)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	return e.do(req)
}

func (e *env) do(req *http.Request) response {
	e.t.Helper()
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, string(b)}
}

// postSigned sends an encrypted, correctly signed event body.
func (e *env) postSigned(plain []byte) response {
	body := seal(e.t, plain, e.keys.EncryptKey)
	return e.post(e.url, bytes.NewReader(body), signed(body, e.keys.EncryptKey, time.Now()))
}

// assertNoSecrets fails if the logs carry a key, a token or event content.
func (e *env) assertNoSecrets() {
	e.t.Helper()
	logs := e.logs.String()
	for _, s := range []string{testEncryptKey, testToken, "机密部门", "encrypt\":", "Sup3rSecret"} {
		if strings.Contains(logs, s) {
			e.t.Fatalf("logs leak %q:\n%s", s, logs)
		}
	}
}

// refusals returns the log records of refused requests.
func (e *env) refusals() []map[string]any {
	var out []map[string]any
	for _, l := range e.logs.lines(e.t) {
		if l["msg"] == "feishu callback refused" {
			out = append(out, l)
		}
	}
	return out
}
