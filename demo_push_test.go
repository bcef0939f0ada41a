package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/push"
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
	// Two targets (a to-do card, an approval-center instance), 3 bound + 1 not.
	if m.Sent != 6 || m.Skipped != 2 {
		t.Fatalf("first to-do: sent %d skipped %d", m.Sent, m.Skipped)
	}
	// 审批 and 日报, and the broadcast permission notices (demo_broadcast*.go).
	if n, _ := db.PushRule.Query().Count(sys); n != 3 {
		t.Fatalf("demo rules: %d", n)
	}
	d, err := m.QueryDeliveries().Where(delivery.StatusEQ(delivery.StatusSent), delivery.MessageTypeEQ(delivery.MessageTypeTodo)).First(sys)
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
	// The same to-do in the simulator's approval center: another approver
	// rejects there, and the demo OA receives it (via approval_center).
	inst, ok := a.demo.sim.ApprovalInstance(demoAppID, push.InstanceID(m.ID))
	if !ok || inst.Status != "PENDING" || len(inst.Tasks) != 3 {
		t.Fatalf("approval-center instance: %+v", inst)
	}
	var task feishusim.ApprovalTask
	for _, tk := range inst.Tasks {
		if tk.UserID != d.ReceiveID {
			task = tk
		}
	}
	act, err := a.demo.sim.ActOnTask(ctx, feishusim.ApprovalActRequest{AppID: demoAppID, InstanceID: inst.ID, TaskID: task.ID,
		UserID: task.UserID, Action: "REJECT", Reason: "金额不符"})
	if err != nil || !act.OK() {
		t.Fatalf("approval center: %+v %v", act, err)
	}
	graphtest.Eventually(t, 30*time.Second, func() bool {
		resp, err := http.Get(base + demoOAPath)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return strings.Contains(string(b), "approval_center") && strings.Contains(string(b), `reject`)
	}, "the approval center's decision at the demo OA")
	// A plain POST (a curl, another site's form) pushes nothing: the page's
	// token is missing.
	resp, err := http.Post(base+demoOAPushPath, "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("POST without the page's token: %d", resp.StatusCode)
	}
	// The page's button pushes another to-do: its cookie and hidden field.
	page, err := http.Get(base + demoOAPath)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	tm := regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`).FindStringSubmatch(string(body))
	var cookie *http.Cookie
	for _, c := range page.Cookies() {
		if c.Name == demoOACSRFCookie {
			cookie = c
		}
	}
	if tm == nil || cookie == nil || cookie.Value != tm[1] || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("page token %v, cookie %+v", tm, cookie)
	}
	// The field alone (no cookie, as from another site) is refused too.
	resp, err = http.PostForm(base+demoOAPushPath, url.Values{"csrf": {tm[1]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("POST with the field but no cookie: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, base+demoOAPushPath, strings.NewReader(url.Values{"csrf": {tm[1]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(cookie)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the page's button: %d", resp.StatusCode)
	}
	if n, _ := db.Message.Query().Where(message.TodoKeyHasPrefix("demo-todo-")).Count(sys); n != 2 {
		t.Fatalf("%d demo to-dos after the button", n)
	}
}
