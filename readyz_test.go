package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2"
)

// /readyz says which backend does not answer, not the driver's error: it
// is served on the public listener, and that error names the backend's
// internal address. The log has the cause for the operator.
func TestReadyzNamesNoBackendAddress(t *testing.T) {
	redis := miniredis.RunT(t)
	cfg, err := parseConfig([]string{"--listen=127.0.0.1:0", "--data-dir=" + t.TempDir(), "--demo=off", "--redis-url=redis://" + redis.Addr(), "--log-level=warn"})
	if err != nil {
		t.Fatal(err)
	}
	cfg.AdminPassword = "Readyz-pass-1"
	var logs lockedBuffer
	a, err := start(context.Background(), cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.shutdown()
	get := func() (int, string) {
		resp, err := http.Get("http://" + a.addr + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(); code != http.StatusOK {
		t.Fatalf("ready: %d %s", code, body)
	}
	addr := redis.Addr()
	redis.Close()
	code, body := get()
	if err := redis.Restart(); err != nil { // for a clean shutdown
		t.Log(err)
	}
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "redis") || strings.Contains(body, addr) {
		t.Fatalf("redis gone: %d %q", code, body)
	}
	if !strings.Contains(logs.String(), addr) {
		t.Fatalf("the log does not name the cause:\n%s", logs.String())
	}
}
