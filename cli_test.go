package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
)

// captureStdout runs fn with os.Stdout redirected and returns what it wrote.
func captureStdout(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&out, r); close(done) }()
	fn()
	os.Stdout = old
	w.Close()
	<-done
	return out.String()
}

// TestHelp: `imbridge --help`, `imbridge help` and `imbridge migrate --help`
// succeed (exit 0) and list every subcommand and flag; a bad flag fails.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"migrate", "--help"}} {
		var err error
		out := captureStdout(t, func() { err = run(context.Background(), args) })
		if err != nil {
			t.Errorf("imbridge %s: %v, want success", strings.Join(args, " "), err)
		}
		for _, want := range []string{"imbridge migrate [--dry-run]", "imbridge healthcheck", "-listen", "IMBRIDGE_DATABASE_URL", "-max-body"} {
			if !strings.Contains(out, want) {
				t.Errorf("imbridge %s: the help lacks %q:\n%s", strings.Join(args, " "), want, out)
			}
		}
	}
	if err := run(context.Background(), []string{"--no-such-flag"}); err == nil || !strings.Contains(err.Error(), "--help") {
		t.Errorf("a bad flag: %v, want an error pointing at --help", err)
	}
}

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestCleanShutdownLogsNoError starts the whole process (API, worker,
// scheduler) and stops it as SIGTERM does: nothing is logged at ERROR.
func TestCleanShutdownLogsNoError(t *testing.T) {
	cfg, err := parseConfig([]string{"--listen=127.0.0.1:0", "--data-dir=" + t.TempDir(), "--demo=off"})
	if err != nil {
		t.Fatal(err)
	}
	cfg.AdminPassword = "Shutdown-pass-1"
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := start(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	a.shutdown()
	out := logs.String()
	if !strings.Contains(out, "Scheduler stopped") {
		t.Fatalf("the scheduler did not stop:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "level=ERROR") {
			t.Errorf("a clean shutdown logged an error: %s", line)
		}
	}
}

// TestRedisNamespace: IMBRIDGE_REDIS_NAMESPACE names the installation's keys
// and queues (two installations on one Redis keep apart); a value that
// cannot be part of a key is refused.
func TestRedisNamespace(t *testing.T) {
	t.Setenv("IMBRIDGE_REDIS_NAMESPACE", "e2e-1")
	cfg, err := parseConfig([]string{"--listen=127.0.0.1:0", "--data-dir=" + t.TempDir(), "--demo=off"})
	if err != nil || cfg.RedisNamespace != "e2e-1" {
		t.Fatalf("namespace %q, %v", cfg.RedisNamespace, err)
	}
	cfg.AdminPassword = "Namespace-pass-1"
	a, err := start(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.shutdown()
	if a.broker.Namespace != "e2e-1" || a.broker.Queue("default") != "e2e-1-default" {
		t.Errorf("broker namespace %q, queue %q", a.broker.Namespace, a.broker.Queue("default"))
	}
	for _, bad := range []string{"", "a b", "x:y"} {
		if _, err := parseConfig([]string{"--redis-namespace=" + bad}); err == nil || !strings.Contains(err.Error(), "--redis-namespace") {
			t.Errorf("namespace %q: %v", bad, err)
		}
	}
}

// TestDemoNeedsOneProcess: the demo's simulators live in one process, so
// IMBRIDGE_DEMO=on (or --demo=on) with a split role is refused at start
// with a message naming the flags, instead of starting a process that
// seeds and serves nothing. Split roles without the demo, and the demo as
// one process, start as before.
func TestDemoNeedsOneProcess(t *testing.T) {
	split := []string{"--database-url=postgres://db.invalid/imbridge", "--redis-url=redis://redis.invalid:6379/0"}
	for _, role := range []string{"api", "worker"} {
		for name, args := range map[string][]string{
			"flag": append([]string{"--role=" + role, "--demo=on"}, split...),
			"env":  append([]string{"--role=" + role}, split...),
		} {
			t.Run(role+" "+name, func(t *testing.T) {
				if name == "env" {
					t.Setenv("IMBRIDGE_DEMO", "on")
				}
				err := run(context.Background(), args)
				if err == nil {
					t.Fatal("started a split process with the demo on")
				}
				for _, want := range []string{"--demo=on", "IMBRIDGE_DEMO", "--role=all", "--role=" + role} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("the refusal does not name %s: %v", want, err)
					}
				}
			})
		}
		if _, err := parseConfig(append([]string{"--role=" + role, "--demo=off"}, split...)); err != nil {
			t.Errorf("--role=%s without the demo: %v", role, err)
		}
		if _, err := parseConfig(append([]string{"--role=" + role}, split...)); err != nil {
			t.Errorf("--role=%s with the demo's default (off with a database): %v", role, err)
		}
	}
	if _, err := parseConfig(append([]string{"--role=all", "--demo=on"}, split...)); err != nil {
		t.Errorf("the demo as one process on a database: %v", err)
	}
}
