package webhook_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imbridge/platform/feishu/webhook"
	"imbridge/worker/broker"
)

func TestEchoGuard(t *testing.T) {
	t.Parallel()
	b := broker.OpenTest(t)
	g := webhook.NewEchoGuard(b)
	ctx := testCtx(t)

	if g.IsEcho(ctx, 1, "user:ou_1", "v1") {
		t.Fatal("echo without a write")
	}
	if err := g.Remember(ctx, 1, "user:ou_1", "v1", time.Minute); err != nil {
		t.Fatal(err)
	}
	// Another state, object or app is a real change and consumes nothing.
	if g.IsEcho(ctx, 1, "user:ou_1", "v2") || g.IsEcho(ctx, 1, "user:ou_2", "v1") || g.IsEcho(ctx, 2, "user:ou_1", "v1") {
		t.Fatal("echo matched on another state, object or app")
	}
	if !g.IsEcho(ctx, 1, "user:ou_1", "v1") {
		t.Fatal("the echo of our write was not recognised")
	}
	if g.IsEcho(ctx, 1, "user:ou_1", "v1") {
		t.Fatal("one write swallowed two events")
	}

	// The same state written twice expects two echoes.
	for range 2 {
		if err := g.Remember(ctx, 1, "dept:od-1", "same", 0); err != nil {
			t.Fatal(err)
		}
	}
	if !g.IsEcho(ctx, 1, "dept:od-1", "same") || !g.IsEcho(ctx, 1, "dept:od-1", "same") || g.IsEcho(ctx, 1, "dept:od-1", "same") {
		t.Fatal("counted echoes")
	}

	// Shared by processes: a second guard on the same Redis sees the entry.
	if err := g.Remember(ctx, 1, "user:ou_3", "v", time.Minute); err != nil {
		t.Fatal(err)
	}
	if !webhook.NewEchoGuard(b).IsEcho(ctx, 1, "user:ou_3", "v") {
		t.Fatal("entry not shared through Redis")
	}
}

// Concurrent receivers of the same echo (a re-push handled by two
// processes) consume one entry once.
func TestEchoGuardConsumesOnce(t *testing.T) {
	t.Parallel()
	g := webhook.NewEchoGuard(broker.OpenTest(t))
	ctx := testCtx(t)
	if err := g.Remember(ctx, 9, "user:ou_x", "fp", time.Minute); err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if g.IsEcho(ctx, 9, "user:ou_x", "fp") {
				hits.Add(1)
			}
		})
	}
	wg.Wait()
	if hits.Load() != 1 {
		t.Fatalf("%d consumers matched one write", hits.Load())
	}
}

// An entry whose echo never came expires, so it cannot hide a later real
// change that happens to have the same state.
func TestEchoGuardExpires(t *testing.T) {
	t.Parallel()
	b := broker.OpenTest(t)
	g := webhook.NewEchoGuard(b)
	ctx := testCtx(t)
	if err := g.Remember(ctx, 1, "user:ou_1", "v1", 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	// The embedded Redis advances its clock once a second.
	deadline := time.Now().Add(5 * time.Second)
	for {
		keys, err := b.Client.Keys(ctx, b.Key("feishu", "echo", "*")).Result()
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("entry did not expire: %v", keys)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if g.IsEcho(ctx, 1, "user:ou_1", "v1") {
		t.Fatal("expired entry matched")
	}
}

// A broken Redis makes IsEcho answer false: the event is processed.
func TestEchoGuardRedisDown(t *testing.T) {
	t.Parallel()
	b := broker.OpenTest(t)
	g := webhook.NewEchoGuard(b)
	ctx := testCtx(t)
	if err := g.Remember(ctx, 1, "user:ou_1", "v1", time.Minute); err != nil {
		t.Fatal(err)
	}
	_ = b.Client.Close()
	if g.IsEcho(ctx, 1, "user:ou_1", "v1") {
		t.Fatal("echo reported without Redis")
	}
	if err := g.Remember(ctx, 1, "user:ou_1", "v1", time.Minute); err == nil {
		t.Fatal("Remember without Redis succeeded")
	}
}
