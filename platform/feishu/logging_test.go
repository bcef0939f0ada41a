package feishu_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Debug-level logs of retries, throttling, token eviction and failed token
// requests never carry the secret or a token.
func TestLogsHoldNoSecrets(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	org := feishusim.Generate(feishusim.GenOptions{Users: 100, Departments: 10, Seed: 1})
	e := newEnv(t, feishusim.Config{Org: org, TokenExpiresAfterCalls: 40, ErrorRate: 0.1, Seed: 1,
		RateLimit: feishusim.RateLimit{Default: feishusim.Limit{PerSecond: 10}}},
		func(p *feishu.Params) { p.Logger = logger })
	ctx := testCtx(t)
	tok, err := e.client.TenantAccessToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	walk(ctx, t, e.client)
	bad := e.newClient(func(p *feishu.Params) { p.Logger = logger; p.AppSecret = "s3cr3t-wrong" })
	if err := bad.ChildDepartments(ctx, platform.RootDepartmentID, func([]platform.DirDepartment) error { return nil }); err == nil {
		t.Fatal("a wrong app secret was accepted: the log check below would prove nothing about it")
	}

	out := buf.String()
	if !strings.Contains(out, "retrying") {
		t.Fatalf("expected retry logs, got:\n%s", out)
	}
	for _, secret := range []string{e.secret, "s3cr3t-wrong", tok, "Bearer"} {
		if strings.Contains(out, secret) {
			t.Fatalf("log contains %q:\n%s", secret, out)
		}
	}
}
