package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/webhookdelivery"
	"imbridge/worker/webhook"
)

// BenchmarkPublish: what queueing costs the engine, per change, each in
// its own transaction (as an apply commits each change), with two
// endpoints receiving it.
func BenchmarkPublish(b *testing.B) {
	const n = 2000
	for b.Loop() {
		e := newEnv(b)
		benchEndpoints(b, e, "http://127.0.0.1:9/a", "http://127.0.0.1:9/b")
		start := time.Now()
		for i := range n {
			tx, err := e.db.Tx(e.ctx)
			if err != nil {
				b.Fatal(err)
			}
			ctx := ent.NewTxContext(e.ctx, tx)
			if err := e.pub.Publish(ctx, e.tenant, webhook.Event{ID: fmt.Sprintf("run-1:%d", i), Type: webhook.TypeUserUpdated,
				Subject: fmt.Sprintf("user:U%d", i%500), Payload: webhook.UserData{ID: fmt.Sprintf("U%d", i%500), Name: "张三", Status: "active"}}); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/n, "µs/event")
	}
}

// BenchmarkDeliver: 2,000 events about 500 people to one receiver that
// takes 40 ms to answer: the dispatcher's throughput is bound by its
// per-endpoint concurrency (4) and the round trip, 100 events/s.
func BenchmarkDeliver(b *testing.B) {
	const n = 2000
	for b.Loop() {
		e := newEnv(b)
		rc := newReceiver(b, func(_ int, _ request, w http.ResponseWriter) { time.Sleep(40 * time.Millisecond) })
		benchEndpoints(b, e, rc.URL)
		for i := range n {
			if err := e.pub.Publish(e.ctx, e.tenant, webhook.Event{ID: fmt.Sprintf("run-1:%d", i), Type: webhook.TypeUserUpdated,
				Subject: fmt.Sprintf("user:U%d", i%500), Payload: webhook.UserData{ID: fmt.Sprintf("U%d", i%500)}}); err != nil {
				b.Fatal(err)
			}
		}
		start := time.Now()
		for {
			k, err := e.disp.RunOnce(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			if k == 0 {
				break
			}
		}
		took := time.Since(start)
		if got := e.db.WebhookDelivery.Query().Where(webhookdelivery.StatusEQ(webhookdelivery.StatusDelivered)).CountX(e.ctx); got != n {
			b.Fatalf("%d of %d delivered", got, n)
		}
		b.ReportMetric(float64(n)/took.Seconds(), "events/s")
		b.ReportMetric(took.Seconds(), "s")
		rc.Close()
	}
}

func benchEndpoints(b *testing.B, e *env, urls ...string) {
	for _, u := range urls {
		c := e.db.WebhookEndpoint.Create().SetName("OA").SetURL(u)
		webhook.SetSecret(c.Mutation(), e.sealer, webhook.NewSecret())
		if err := c.Exec(e.ctx); err != nil {
			b.Fatal(err)
		}
	}
}
