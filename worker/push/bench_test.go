package push_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/push"
)

// rtt is the round trip the benchmarks give every simulator call.
const rtt = 40 * time.Millisecond

// lowerBound is the least time n calls to one API can take under Feishu's
// documented 50/s and 1000/min per app: call k can go at 60·⌊k/1000⌋ +
// (k mod 1000)/50 seconds, and the last answer takes a round trip.
func lowerBound(n int) time.Duration {
	if n < 1 {
		return 0
	}
	k := n - 1
	return time.Duration(60*(k/1000))*time.Second + time.Duration(k%1000)*time.Second/50 + rtt
}

// documented: the documented limits on both sides (the simulator answers
// 429 past them; the client paces itself by the same numbers) and a 40 ms
// round trip.
func documented(users int) envOptions {
	return envOptions{users: users, limits: map[string][]ratelimit.Limit{}, sim: feishusim.Config{Latency: rtt}}
}

// BenchmarkPushAnnouncement10k: one text message to 10,000 bound people.
// The cheapest correct mix is batch_send, 200 ids a call: 50 calls, so the
// lower bound is lowerBound(50). Wall time is from pushMessage's accept
// to the last delivery recorded (planning 10,000 rows included). Every
// person must get exactly one message.
func BenchmarkPushAnnouncement10k(b *testing.B) {
	for range b.N {
		b.StopTimer()
		e := newEnv(b, documented(10_000))
		e.bindAll()
		e.rule("公告", pushtarget.MessageTypeText, false)
		b.StartTimer()
		start := time.Now()
		m, err := e.eng.Push(e.ctx, push.Input{IdempotencyKey: "bench", Source: "公告", Title: "全员通知", Content: "明日 9:00 全员大会",
			Recipients: detail.PushRecipients{Everyone: true}})
		if err != nil {
			b.Fatal(err)
		}
		if err := e.eng.Deliver(context.Background(), e.tenant, m.ID); err != nil {
			b.Fatal(err)
		}
		wall := time.Since(start)
		b.StopTimer()
		checkOnce(b, e, m.ID)
		st := e.sim.MessageStats()
		bound := lowerBound(st.Batches)
		b.ReportMetric(wall.Seconds(), "s")
		b.ReportMetric(bound.Seconds(), "s-lower-bound")
		b.ReportMetric(wall.Seconds()/bound.Seconds(), "ratio")
		b.ReportMetric(float64(st.Batches), "batch-calls")
		b.ReportMetric(float64(e.sim.Stats().RateLimited), "429s")
	}
}

// BenchmarkPushTodos1k: a to-do to 1,000 people (one create each, with its
// uuid: to-dos must stay updatable, so never batch_send), then
// completeTodo patches all 1,000. Each phase against its lower bound
// (1,000 calls of one API at 50/s & 1000/min).
func BenchmarkPushTodos1k(b *testing.B) {
	for range b.N {
		b.StopTimer()
		e := newEnv(b, documented(1_000))
		e.bindAll()
		e.rule("审批", pushtarget.MessageTypeTodo, false)
		b.StartTimer()
		start := time.Now()
		m, err := e.eng.Push(e.ctx, push.Input{IdempotencyKey: "bench", Source: "审批", Title: "请审批", TodoKey: "t1",
			Recipients: detail.PushRecipients{Everyone: true}})
		if err != nil {
			b.Fatal(err)
		}
		if err := e.eng.Deliver(context.Background(), e.tenant, m.ID); err != nil {
			b.Fatal(err)
		}
		send := time.Since(start)
		start = time.Now()
		if _, err := e.eng.CompleteTodo(e.ctx, "t1", "已同意"); err != nil {
			b.Fatal(err)
		}
		if err := e.eng.Complete(context.Background(), e.tenant, m.ID); err != nil {
			b.Fatal(err)
		}
		patch := time.Since(start)
		b.StopTimer()
		checkOnce(b, e, m.ID)
		st := e.sim.MessageStats()
		if st.Patches != len(e.userIDs()) {
			b.Fatalf("%d patches for %d cards", st.Patches, len(e.userIDs()))
		}
		b.ReportMetric(send.Seconds(), "s-send")
		b.ReportMetric(send.Seconds()/lowerBound(st.Sent).Seconds(), "ratio-send")
		b.ReportMetric(patch.Seconds(), "s-complete")
		b.ReportMetric(patch.Seconds()/lowerBound(st.Patches).Seconds(), "ratio-complete")
		b.ReportMetric(float64(e.sim.Stats().RateLimited), "429s")
	}
}

// checkOnce fails unless everyone got exactly one message and the message
// was delivered without errors.
func checkOnce(b *testing.B, e *env, id int) {
	b.Helper()
	m := e.message(id)
	if m.Status != message.StatusDelivered || m.Sent != len(e.userIDs()) {
		for _, d := range e.deliveries(id) {
			if d.Reason != "" {
				b.Logf("%s: %s %s", d.Recipient, d.Status, d.Reason)
				break
			}
		}
		b.Fatalf("message %s: sent %d of %d", m.Status, m.Sent, len(e.userIDs()))
	}
	got := e.received()
	for _, u := range e.userIDs() {
		if got[u] != 1 {
			b.Fatal(fmt.Sprintf("%s got %d messages", u, got[u]))
		}
	}
}
