package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
)

// The demo tenant pushes on its own: after the first pull it binds by
// mobile and its OA pushes a to-do (3 bound, 1 OA-only: skipped); a
// quick-approval click in the simulator goes through the signed callback
// to the demo OA receiver, verified, and the card shows the decision.
func TestDemoPushAndQuickApproval(t *testing.T) {
	cfg, err := parseConfig([]string{"--listen=127.0.0.1:0", "--data-dir=" + t.TempDir(), "--demo=on", "--log-level=warn"})
	if err != nil {
		t.Fatal(err)
	}
	cfg.AdminPassword = "Demo-admin-pass-1"
	ctx := context.Background()
	a, err := start(ctx, cfg, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	defer a.shutdown()
	sys := viewer.System(ctx, "test", a.demo.tenID)
	db := a.db.Client
	var m *ent.Message
	defer func() {
		if t.Failed() {
			nb, _ := db.Binding.Query().Count(sys)
			ms, _ := db.Message.Query().All(sys)
			runs, _ := db.SyncRun.Query().All(sys)
			t.Logf("bindings %d, messages %+v, runs %+v", nb, ms, runs)
		}
	}()
	graphtest.Eventually(t, 90*time.Second, func() bool {
		got, err := db.Message.Query().Where(message.IdempotencyKey("demo-todo-first")).Only(sys)
		m = got
		return err == nil && got.Status == message.StatusDelivered
	}, "the demo OA's first to-do delivered")
	if m.Sent != 3 || m.Skipped != 1 {
		t.Fatalf("first to-do: sent %d skipped %d", m.Sent, m.Skipped)
	}
	if n, _ := db.PushRule.Query().Count(sys); n != 2 {
		t.Fatalf("demo rules: %d", n)
	}
	d, err := m.QueryDeliveries().Where(delivery.StatusEQ(delivery.StatusSent)).First(sys)
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.demo.sim.Click(ctx, d.PlatformMessageID, d.ReceiveID, "同意")
	if err != nil || !res.OK() || res.ToastType != "success" {
		t.Fatalf("click: %+v %v", res, err)
	}
	base := "http://" + a.addr
	graphtest.Eventually(t, 30*time.Second, func() bool {
		resp, err := http.Get(base + demoOAPath)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return strings.Contains(string(b), "message.action") && strings.Contains(string(b), `approve`)
	}, "message.action at the demo OA")
	graphtest.Eventually(t, 30*time.Second, func() bool {
		sm, _ := a.demo.sim.Message(d.PlatformMessageID)
		return strings.Contains(sm.Content, "已同意") && !strings.Contains(sm.Content, "拒绝")
	}, "the clicked card shows the decision")
	// The page's button pushes another to-do.
	resp, err := http.Post(base+demoOAPushPath, "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n, _ := db.Message.Query().Where(message.TodoKeyHasPrefix("demo-todo-")).Count(sys); n != 2 {
		t.Fatalf("%d demo to-dos after the button", n)
	}
}
