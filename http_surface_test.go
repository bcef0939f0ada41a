package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestHTTPSurface starts the api role on the embedded defaults (no demo)
// with small body limits and checks what every response carries: the
// security headers, the console's CSP, and /query's body limits as
// configured by flag.
func TestHTTPSurface(t *testing.T) {
	cfg, err := parseConfig([]string{"--listen=127.0.0.1:0", "--data-dir=" + t.TempDir(), "--demo=off", "--max-anonymous-body=1KiB", "--max-body=4KiB"})
	if err != nil {
		t.Fatal(err)
	}
	cfg.AdminPassword = "Surface-admin-pass-1"
	a, err := start(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.shutdown()
	base := "http://" + a.addr
	if a.http.ReadHeaderTimeout <= 0 || a.http.IdleTimeout <= 0 {
		t.Errorf("connections that send nothing are held forever: ReadHeaderTimeout %v, IdleTimeout %v", a.http.ReadHeaderTimeout, a.http.IdleTimeout)
	}

	get := func(method, path, contentType, body string) (*http.Response, string) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}

	for _, path := range []string{"/", "/directory", "/graphiql", "/query", "/healthz", "/auth/me"} {
		resp, _ := get(http.MethodGet, path, "", "")
		h := resp.Header
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" ||
			!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("GET %s: headers %v", path, h)
		}
	}
	resp, _ := get(http.MethodGet, "/", "", "")
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self';", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("console CSP %q lacks %q", csp, want)
		}
	}

	// The body limits come from the flags: 1 KiB before authentication.
	body := `{"query": "{ viewer { name } }` + strings.Repeat(" ", 2048) + `"}`
	if resp, raw := get(http.MethodPost, "/query", "application/json", body); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(raw, "REQUEST_TOO_LARGE") {
		t.Errorf("anonymous 2 KiB body: %d %s", resp.StatusCode, raw)
	}
	if resp, raw := get(http.MethodPost, "/query", "application/json", `{"query": "{ viewer { name } }"}`); resp.StatusCode != http.StatusOK {
		t.Errorf("small anonymous query: %d %s", resp.StatusCode, raw)
	}
}

// TestConsoleNeedsNoInlineScript: the console's CSP allows scripts from
// 'self' only, so its page must load every script from a file: the source
// index.html and, when the console is built, the built one.
func TestConsoleNeedsNoInlineScript(t *testing.T) {
	script := regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	handler := regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	for _, file := range []string{"frontend/index.html", "frontend/dist/index.html"} {
		html, err := os.ReadFile(file)
		if os.IsNotExist(err) && strings.Contains(file, "dist") {
			t.Logf("%s: console not built, skipped", file)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range script.FindAllStringSubmatch(string(html), -1) {
			if !strings.Contains(m[1], "src=") || strings.TrimSpace(m[2]) != "" {
				t.Errorf("%s: inline script %q would be blocked by the CSP", file, m[0])
			}
		}
		if handler.Match(html) {
			t.Errorf("%s: inline event handler would be blocked by the CSP", file)
		}
	}
}

// TestHTTPMetricLabelsAreAFixedSet: the method label of the HTTP metrics is
// a standard method or OTHER, and the route label a registered pattern or
// "unmatched", whatever the request line says.
func TestHTTPMetricLabelsAreAFixedSet(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {})
	h := instrument(mux)
	for _, req := range []*http.Request{
		httptest.NewRequest("PROBE-METHOD", "/healthz", nil),
		httptest.NewRequest(http.MethodGet, "/probe-path-12345", nil),
		httptest.NewRequest(http.MethodGet, "/healthz", nil),
	} {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range families {
		if f.GetName() != "imbridge_http_requests_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				seen[l.GetName()+"="+l.GetValue()] = true
			}
		}
	}
	for _, want := range []string{"method=OTHER", "method=GET", "route=unmatched", "route=GET /healthz"} {
		if !seen[want] {
			t.Errorf("no label %s among %v", want, seen)
		}
	}
	for label := range seen {
		if strings.Contains(label, "PROBE") || strings.Contains(label, "probe") {
			t.Errorf("request input became a label: %s", label)
		}
	}
}
