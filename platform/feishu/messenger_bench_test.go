package feishu_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

// BenchmarkMessengerSend measures what a send costs the bridge: 2,000 text
// messages to 2,000 people, 16 in flight, through the SDK and the
// simulator over loopback with no round-trip latency. "unlimited" lifts
// every budget on both sides (the limiter does not reach Redis);
// "limiter" keeps a per-app and the per-recipient budget in Redis, sized
// so nobody waits, so the difference is the limiter's cost (two Redis
// round trips a send). Against
// Feishu the documented 50/s per app bounds sends long before either.
func BenchmarkMessengerSend(b *testing.B) {
	org := feishusim.Generate(feishusim.GenOptions{Users: 2000, Departments: 20, Seed: 3})
	var users []string
	for _, u := range org.Snapshot().Users {
		if !u.Resigned {
			users = append(users, u.UserID)
		}
	}
	for _, mode := range []string{"unlimited", "limiter"} {
		b.Run(mode, func(b *testing.B) {
			appID := fmt.Sprintf("cli_msgbench%d", appSeq.Add(1))
			sim := feishusim.New(feishusim.Config{Org: org, RateLimit: feishusim.RateLimit{Disabled: true},
				Apps: []feishusim.App{{ID: appID, Secret: "s"}}})
			srv := httptest.NewServer(sim)
			b.Cleanup(func() { srv.Close(); sim.Close() })
			p := feishu.Params{AppID: appID, AppSecret: "s", BaseURL: srv.URL, Broker: broker.OpenTest(b), Egress: simEgress,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			p.Limits = msgUnlimited()
			if mode == "limiter" {
				// Budgets in Redis that admit everything here: the per-app
				// one far above the run, the per-recipient one as
				// documented (one message per person).
				p.Limits[feishu.APICreateMessage] = []ratelimit.Limit{ratelimit.PerSecond(1_000_000)}
				delete(p.Limits, feishu.APIMessagePerRecipient)
			}
			c, err := feishu.New(p)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			for i := range b.N {
				sim.ResetMessages()
				start := time.Now()
				work := make(chan string)
				var wg sync.WaitGroup
				var failed error
				var once sync.Once
				for range 16 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for u := range work {
							_, err := c.Send(ctx, platform.Message{To: platform.Recipient{Type: platform.IDUserID, ID: u},
								Type: platform.MessageText, Text: "今日日报已提交", IdempotencyKey: fmt.Sprint(mode, i, u)})
							if err != nil {
								once.Do(func() { failed = err })
							}
						}
					}()
				}
				for _, u := range users {
					work <- u
				}
				close(work)
				wg.Wait()
				el := time.Since(start)
				if failed != nil {
					b.Fatal(failed)
				}
				if n := len(sim.AllMessages()); n != len(users) {
					b.Fatalf("%d messages for %d people", n, len(users))
				}
				b.ReportMetric(float64(len(users))/el.Seconds(), "sends/s")
				b.ReportMetric(float64(el.Microseconds())/float64(len(users)), "µs/send")
			}
		})
	}
}
