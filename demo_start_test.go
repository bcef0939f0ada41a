package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
)

// startDemo starts the whole process in demo mode on a free port with a
// fresh data dir (embedded SQLite and Redis), as `make run` does, and stops
// it when the test ends.
func startDemo(t *testing.T) *app {
	t.Helper()
	cfg, err := parseConfig([]string{"--listen=127.0.0.1:0", "--data-dir=" + t.TempDir(), "--demo=on", "--log-level=warn"})
	if err != nil {
		t.Fatal(err)
	}
	cfg.AdminPassword = "Demo-admin-pass-1"
	a, err := start(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.shutdown)
	return a
}
