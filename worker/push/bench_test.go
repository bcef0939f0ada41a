package push_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/platform"
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

// benchPeople is how many people the push benchmarks reach: 10,000 by
// default (IMBRIDGE_BENCH_PUSH_PEOPLE to change it). Every message there
// goes by its own call at 1000/min, so 10,000 take at least 560 s a phase;
// the 100,000 would take 99 minutes (see BENCHMARKS.md for why
// 10,000 stands for it).
func benchPeople(b *testing.B) int {
	if s := os.Getenv("IMBRIDGE_BENCH_PUSH_PEOPLE"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("IMBRIDGE_BENCH_PUSH_PEOPLE=%q: want a positive number", s)
		}
		return n
	}
	return 10_000
}

// BenchmarkPushAnnouncement: one text message to benchPeople bound people,
// exactly once each. The cheapest correct mix is one create per person
// with its uuid: batch_send cannot be made exactly once (exactlyOnceRule
// in deliver.go), so the lower bound is lowerBound(people) on the create
// API. The "batch-at-most-once" case shows what BatchAtMostOnce would buy
// (200 a call, lowerBound(calls)) at the price of exactly once. Wall time
// is from pushMessage's accept to the last delivery recorded (planning
// included). Every person must get exactly one message.
func BenchmarkPushAnnouncement(b *testing.B) {
	for _, mode := range []string{"exactly-once", "batch-at-most-once"} {
		b.Run(mode, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				o := documented(benchPeople(b))
				if mode == "batch-at-most-once" {
					o.params = func(p *push.Params) { p.BatchAtMostOnce = true }
				}
				e := newEnv(b, o)
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
				st := e.sim.MessageStats()
				people := len(e.userIDs())
				bound := lowerBound(st.Sent + st.Batches)
				b.ReportMetric(float64(people), "people")
				b.ReportMetric(wall.Seconds(), "s")
				b.ReportMetric(bound.Seconds(), "s-lower-bound")
				b.ReportMetric(wall.Seconds()/bound.Seconds(), "ratio")
				// What batch_send's 200 a call would allow (not exactly once:
				// exactlyOnceRule), for comparison with the bound above.
				b.ReportMetric(lowerBound((people+platform.MaxBatchRecipients-1)/platform.MaxBatchRecipients).Seconds(), "s-batch-lower-bound")
				b.ReportMetric(float64(st.Sent), "create-calls")
				b.ReportMetric(float64(st.Batches), "batch-calls")
				b.ReportMetric(float64(e.sim.Stats().RateLimited), "429s")
				b.ReportMetric(float64(duplicates(e)), "duplicates")
				checkOnce(b, e, m.ID)
			}
		})
	}
}

// BenchmarkPushTodos: a to-do to benchPeople people (one create each, with
// its uuid: to-dos must stay updatable, so never batch_send), then
// completeTodo patches every card. Each phase against its lower bound (as
// many calls of one API at 50/s & 1000/min).
func BenchmarkPushTodos(b *testing.B) {
	for range b.N {
		b.StopTimer()
		e := newEnv(b, documented(benchPeople(b)))
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
		st := e.sim.MessageStats()
		b.ReportMetric(float64(duplicates(e)), "duplicates")
		checkOnce(b, e, m.ID)
		if st.Patches != len(e.userIDs()) {
			b.Fatalf("%d patches for %d cards", st.Patches, len(e.userIDs()))
		}
		b.ReportMetric(float64(len(e.userIDs())), "people")
		b.ReportMetric(send.Seconds(), "s-send")
		b.ReportMetric(lowerBound(st.Sent).Seconds(), "s-send-lower-bound")
		b.ReportMetric(send.Seconds()/lowerBound(st.Sent).Seconds(), "ratio-send")
		b.ReportMetric(patch.Seconds(), "s-complete")
		b.ReportMetric(lowerBound(st.Patches).Seconds(), "s-complete-lower-bound")
		b.ReportMetric(patch.Seconds()/lowerBound(st.Patches).Seconds(), "ratio-complete")
		b.ReportMetric(float64(e.sim.Stats().RateLimited), "429s")
	}
}

// duplicates counts the messages beyond the first that a person got (the
// simulator records every message, a repeated uuid's answer excepted).
func duplicates(e *env) int {
	n := 0
	for _, c := range e.received() {
		n += max(c-1, 0)
	}
	return n
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
