package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"imbridge/ent/viewer"
	"imbridge/ent/webhookendpoint"
	"imbridge/worker/webhook"
)

// The demo tenant's OA endpoint points at the demo receiver, reached
// through the operator allow list's demo default: the ping sent at start
// and an event published as the sync engine publishes arrive verified; a
// forged request is refused and shown as such.
func TestDemoOAReceiver(t *testing.T) {
	a := startDemo(t)
	ctx := context.Background()
	base := "http://" + a.addr
	page := func() string {
		resp, err := http.Get(base + demoOAPath)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Fatalf("GET %s: %d %v", demoOAPath, resp.StatusCode, resp.Header)
		}
		return string(b)
	}

	sys := viewer.System(ctx, "test", a.demo.tenID)
	ep, err := a.db.Client.WebhookEndpoint.Query().Where(webhookendpoint.Name(demoOAEndpointName)).Only(sys)
	if err != nil || ep.URL != base+demoOAWebhookPath || !ep.Enabled {
		t.Fatalf("demo endpoint %+v %v", ep, err)
	}
	if p := page(); !strings.Contains(p, "ping") || !strings.Contains(p, "✓ verified") {
		t.Fatalf("the start-up ping is not on the page:\n%s", p)
	}

	pub := a.worker.WebhookPublisher()
	if err := pub.Publish(sys, a.demo.tenID, webhook.Event{ID: "demo-test-1", Type: webhook.TypeUserDisabled, Subject: "user:OA-U0001",
		Payload: webhook.UserData{ID: "OA-U0001", Name: "演示用户", Status: "disabled"}}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the event on the demo OA page", func() bool {
		p := page()
		return strings.Contains(p, "demo-test-1") && strings.Contains(p, "演示用户")
	})

	resp, err := http.Post(base+demoOAWebhookPath, "application/json", strings.NewReader(`{"id":"forged"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a forged delivery: %d", resp.StatusCode)
	}
	if p := page(); !strings.Contains(p, "✗") {
		t.Fatal("the forged delivery is not shown as refused")
	}
}
