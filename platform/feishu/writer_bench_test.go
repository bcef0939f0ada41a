package feishu_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

// BenchmarkWriterCreateUsers measures what one write costs the bridge: 500
// users created through the SDK and the simulator over loopback, with no
// budgets on either side (the limiter does not reach Redis). Against
// Feishu the documented 50/s bounds creates long before this does; the
// figure is the overhead per call.
func BenchmarkWriterCreateUsers(b *testing.B) {
	appID := fmt.Sprintf("cli_bench%d", appSeq.Add(1))
	sim := feishusim.New(feishusim.Config{RateLimit: feishusim.RateLimit{Disabled: true},
		Apps: []feishusim.App{{ID: appID, Secret: "s"}}})
	srv := httptest.NewServer(sim)
	b.Cleanup(func() { srv.Close(); sim.Close() })
	c, err := feishu.New(feishu.Params{AppID: appID, AppSecret: "s", BaseURL: srv.URL, Broker: broker.OpenTest(b), Egress: simEgress,
		Limits: writeUnlimited(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	d, err := sim.Org().CreateDepartment(feishusim.Department{Name: "批量", ParentID: "0"})
	if err != nil {
		b.Fatal(err)
	}
	const n = 500
	ctx := context.Background()
	for i := range b.N {
		start := time.Now()
		for j := range n {
			if _, err := c.CreateUser(ctx, fmt.Sprint("bench:", i, ":", j), platform.NewUser{
				Name: fmt.Sprint("用户", j), Mobile: fmt.Sprintf("+86139%04d%04d", i, j),
				Memberships: platform.Memberships{Primary: d.DepartmentID}}); err != nil {
				b.Fatal(err)
			}
		}
		el := time.Since(start)
		b.ReportMetric(float64(n)/el.Seconds(), "creates/s")
		b.ReportMetric(float64(el.Microseconds())/n, "µs/create")
	}
}
