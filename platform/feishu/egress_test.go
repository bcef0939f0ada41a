package feishu_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/feishu"
	"imbridge/worker/broker"
)

// hostile is a server at a base URL an admin typed: it records what reaches
// it, per path, and answers with answer.
type hostile struct {
	*httptest.Server
	conns  atomic.Int64
	mu     sync.Mutex
	bodies map[string][]string
}

func newHostile(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) *hostile {
	h := &hostile{bodies: map[string][]string{}}
	h.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.bodies[r.URL.Path] = append(h.bodies[r.URL.Path], string(b))
		h.mu.Unlock()
		answer(w, r)
	}))
	h.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			h.conns.Add(1)
		}
	}
	h.Start()
	t.Cleanup(h.Close)
	return h
}

func (h *hostile) requests(path string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.bodies[path]
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func hostileClient(t *testing.T, base string, policy *egress.Policy) *feishu.Client {
	c, err := feishu.New(feishu.Params{AppID: fmt.Sprintf("cli_hostile%04d", appSeq.Add(1)), AppSecret: "the-app-secret",
		BaseURL: base, Broker: broker.OpenTest(t), Limits: unlimited, Egress: policy,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Retry:  feishu.Retry{Attempts: 3, Backoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Without an operator allow list, the token request (which carries the
// app secret) never reaches a loopback host, and the refusal is final.
func TestSecretNeverReachesAPrivateHost(t *testing.T) {
	h := newHostile(t, func(w http.ResponseWriter, _ *http.Request) {})
	for _, base := range []string{h.URL, strings.Replace(h.URL, "http://", "https://", 1), strings.Replace(h.URL, "127.0.0.1", "localhost", 1)} {
		_, err := hostileClient(t, base, nil).TenantAccessToken(testCtx(t))
		var refused *egress.Error
		if !errors.As(err, &refused) {
			t.Fatalf("%s: got %T %v, want an egress refusal", base, err, err)
		}
	}
	if n := h.conns.Load(); n != 0 {
		t.Fatalf("the host got %d connections", n)
	}
}

// A 307 keeps the method and body: following it would POST the app secret
// to wherever the Location says. It is not followed.
func TestRedirectIsNotFollowed(t *testing.T) {
	var h *hostile
	h = newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/collect" {
			http.Redirect(w, r, h.URL+"/collect", http.StatusTemporaryRedirect)
		}
	})
	_, err := hostileClient(t, h.URL, simEgress).TenantAccessToken(testCtx(t))
	var refused *egress.Error
	if !errors.As(err, &refused) || !strings.Contains(refused.Reason, "redirect") {
		t.Fatalf("got %T %v, want a refused redirect", err, err)
	}
	if got := h.requests("/collect"); len(got) != 0 {
		t.Fatalf("the redirect was followed: %q", got)
	}
	if got := h.requests("/open-apis/auth/v3/tenant_access_token/internal"); len(got) != 1 {
		t.Fatalf("token requests: %d, want 1 (no retry of a refusal)", len(got))
	}
}

// What a host answers reaches the admin only as a platform's code, a
// bounded message and a log id; anything that is not an Open Platform
// answer is reported as such with its status, its content dropped.
func TestAnswersAreBoundedAndNeverReflected(t *testing.T) {
	const leak = "AKIAIOSFODNN7EXAMPLE"
	long := strings.Repeat("内部", 400) + "\n\x1b[2J" + leak
	cases := []struct {
		name        string
		status      int
		contentType string
		body        string
		code        int
		msg         string // the whole message, or its prefix when it ends with "…"
		attempts    int
	}{
		{"internal service JSON", 200, "application/json", `{"Code":"Success","AccessKeyId":"` + leak + `","Token":"x"}`,
			0, "not a Feishu API response (HTTP 200, no integer code in the body)", 1},
		{"JSON array", 200, "application/json", `[{"code":1,"msg":"` + leak + `"}]`,
			0, "not a Feishu API response (HTTP 200, no integer code in the body)", 1},
		{"HTML page", 404, "text/html", "<html><body>" + leak + "</body></html>",
			0, "not a Feishu API response (HTTP 404, not JSON)", 1},
		{"JSON as text", 400, "text/plain", `{"code":1,"msg":"` + leak + `"}`,
			0, "not a Feishu API response (HTTP 400, not JSON)", 1},
		{"proxy error page, retried", 502, "text/html", "<h1>Bad gateway " + leak + "</h1>",
			0, "not a Feishu API response (HTTP 502, not JSON)", 3},
		{"Feishu-shaped, long message", 400, "application/json; charset=utf-8",
			`{"code":10014,"msg":` + jsonString(long) + `,"error":{"log_id":"20240521ABC"}}`,
			10014, strings.Repeat("内部", 150) + "…", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHostile(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", c.contentType)
				w.Header().Set("X-Tt-Logid", "bad\tlog id "+leak)
				w.WriteHeader(c.status)
				fmt.Fprint(w, c.body)
			})
			_, err := hostileClient(t, h.URL, simEgress).TenantAccessToken(testCtx(t))
			var pe *platform.Error
			if !errors.As(err, &pe) {
				t.Fatalf("got %T %v, want *platform.Error", err, err)
			}
			if strings.Contains(err.Error(), leak) || strings.Contains(pe.Msg, leak) || strings.Contains(pe.LogID, leak) {
				t.Fatalf("the answer is reflected: %+v", pe)
			}
			want := c.msg
			if pe.Code != c.code || pe.HTTPStatus != c.status ||
				strings.HasSuffix(want, "…") && !strings.HasPrefix(pe.Msg, strings.TrimSuffix(want, "…")) ||
				!strings.HasSuffix(want, "…") && pe.Msg != want {
				t.Fatalf("got code %d status %d msg %q", pe.Code, pe.HTTPStatus, pe.Msg)
			}
			if n := utf8.RuneCountInString(pe.Msg); n > platform.MaxMessageRunes+1 {
				t.Fatalf("message of %d runes", n)
			}
			if c.code != 0 && pe.LogID != "20240521ABC" {
				t.Fatalf("log id %q: the header's is malformed, the body's should be used", pe.LogID)
			}
			if got := len(h.requests("/open-apis/auth/v3/tenant_access_token/internal")); got != c.attempts {
				t.Fatalf("%d attempts, want %d", got, c.attempts)
			}
		})
	}
}

// The same holds for API calls after the token: a probe's capability
// message is the generic one, not the page.
func TestProbeDoesNotReflectPages(t *testing.T) {
	h := newHostile(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/tenant_access_token/internal") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"code":0,"msg":"ok","tenant_access_token":"t-x","expire":7200}`)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<html>internal admin page: password=hunter2</html>")
	})
	caps, err := hostileClient(t, h.URL, simEgress).Probe(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range caps {
		if c.OK || strings.Contains(c.Msg, "hunter2") || !strings.Contains(c.Msg, "not a Feishu API response (HTTP 404") {
			t.Fatalf("capability %+v", c)
		}
	}
}
