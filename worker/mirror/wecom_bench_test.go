package mirror_test

import (
	"math"
	"net/http/httptest"
	"testing"
	"time"

	"imbridge/ent/database/dbtest"
	"imbridge/platform"
	wecomsim "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/worker/broker"
	"imbridge/worker/mirror"
)

// benchInFlight is the pull job's listings in flight for a WeCom corp
// (worker.pullInFlightFor).
const benchInFlight = wecom.PullInFlight

// issueInFlight is the listings in flight issue 11's lower bound (6.16 s)
// was computed with; "ratio-issue" keeps comparing against it.
const issueInFlight = 8

// BenchmarkWeComPull: a 20,000-member / 1,200-department WeCom corp, the
// documented limits on both sides (10,000/min and 150,000/h per corp and
// cgi, path/90454; the simulator answers 45009 beyond them) and a 40 ms
// round trip on every call. It reports the wall time, the calls, the
// 45009s, and the ratio to the lower bound: per API, the larger of what
// the limits allow (60 s per 10,000 calls) and the round trips the pull
// cannot overlap (its listings in flight at a time), summed over the
// pull's phases, which run one after the other. Target: ratio ≤ 1.1.
func BenchmarkWeComPull(b *testing.B) { benchWeComPull(b, 40*time.Millisecond) }

// BenchmarkWeComPullNoLatency is the same pull without the round trip:
// what the bridge's own work (reading, the database writes) costs.
func BenchmarkWeComPullNoLatency(b *testing.B) { benchWeComPull(b, 0) }

func benchWeComPull(b *testing.B, rtt time.Duration) {
	for range b.N {
		org := wecomsim.Generate(wecomsim.GenOptions{Users: 20000, Departments: 1200, FanOut: 10, RootMemberRatio: 0.02, PartTimeRatio: 0.1, Seed: 11})
		db := dbtest.Open(b)
		_, ctx := dbtest.Tenant(b, db.Client, "bench")
		corp, err := db.Client.Corp.Create().SetName("Bench").SetPlatform("wecom").SetCorpID(org.CorpID).Save(ctx)
		if err != nil {
			b.Fatal(err)
		}
		sim := wecomsim.New(wecomsim.Config{Org: org, Apps: []wecomsim.App{{AgentID: 1000002, Secret: "app"}}, Latency: rtt})
		srv := httptest.NewServer(sim)
		client, err := wecom.New(wecom.Params{CorpID: org.CorpID, AgentID: "1000002", Secret: "app", BaseURL: srv.URL,
			Broker: broker.OpenTest(b), Egress: simEgress})
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		start := time.Now()
		res, err := mirror.Run(ctx, mirror.Params{Client: db.Client, CorpID: corp.ID, RunID: 1, Dir: client, Top: platform.RootDepartmentID, InFlight: benchInFlight})
		wall := time.Since(start)
		b.StopTimer()
		srv.Close()
		sim.Close()
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Errors) > 0 {
			b.Fatalf("errors: %+v", res.Errors[:min(3, len(res.Errors))])
		}
		calls := map[string]int{}
		limited := 0
		for _, r := range sim.Requests() {
			calls[r.API]++
			if r.ErrCode == 45009 {
				limited++
			}
		}
		var bound, issueBound, rateBound time.Duration
		for api, n := range calls {
			rate := time.Duration(60*((n-1)/10000)) * time.Second
			trips := time.Duration(math.Ceil(float64(n)/benchInFlight)) * rtt
			issueTrips := time.Duration(math.Ceil(float64(n)/issueInFlight)) * rtt
			if api == wecom.APIGetToken || api == wecom.APIDepartmentList || api == wecom.APIDepartmentGet {
				trips = time.Duration(n) * rtt // one at a time
				issueTrips = trips
			}
			bound += max(rate, trips)
			issueBound += max(rate, issueTrips)
			rateBound += rate
			b.Logf("%s: %d calls, at best %s (limits %s, round trips %s)", api, n, max(rate, trips), rate, trips)
		}
		b.ReportMetric(wall.Seconds(), "s/pull")
		b.ReportMetric(bound.Seconds(), "s-lower-bound")
		if bound > 0 {
			b.ReportMetric(wall.Seconds()/bound.Seconds(), "ratio")
		}
		// Against issue 11's bound (8 in flight): the target the issue set.
		if issueBound > 0 {
			b.ReportMetric(wall.Seconds()/issueBound.Seconds(), "ratio-issue")
		}
		b.ReportMetric(float64(limited), "45009s")
		b.Logf("mirrored %d members / %d departments in %s (%+v); lower bound %s, of which the limits alone %s",
			len(org.Users()), len(org.Departments()), wall.Round(time.Millisecond), res.Counters, bound, rateBound)
	}
}
