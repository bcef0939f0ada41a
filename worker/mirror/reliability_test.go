package mirror_test

import (
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
	"imbridge/worker/mirror"
)

// TestMirrorSurvivesAHostilePlatform: 5% of calls fail with 5xx, the token
// expires every 300 calls, and the platform throttles harder than the
// client's own pacing allows (429 bursts). The mirror must still equal the
// directory exactly.
func TestMirrorSurvivesAHostilePlatform(t *testing.T) {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	corp, err := db.Client.Corp.Create().SetName("Acme").SetPlatform("feishu").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	org := feishusim.Generate(feishusim.GenOptions{Users: 800, Departments: 80, Depth: 4, PartTimeRatio: 0.2, ResignedRatio: 0.02, Seed: 9})
	b := broker.OpenTest(t)
	env := newSim(t, org, b, feishusim.Config{
		ErrorRate:              0.05,
		Seed:                   42,
		TokenExpiresAfterCalls: 300,
		// The platform allows 25/s; the client paces at 100/s, so it runs
		// into 429s and must wait for x-ogw-ratelimit-reset.
		RateLimit: feishusim.RateLimit{Default: feishusim.Limit{PerSecond: 25, PerMinute: 100000}},
	})
	// Throttling that does not depend on how fast this machine is: the
	// simulator's 25/s only bites when the client manages more than that,
	// which a loaded machine may not, so every 15th API call is also refused
	// as over budget; and the first two calls fail, whatever the seeded
	// draws give.
	env.sim.ThrottleEvery(15)
	env.sim.FailNext(2)
	client, err := feishu.New(feishu.Params{
		AppID: env.client.AppID(), AppSecret: "secret-" + env.client.AppID(), BaseURL: env.srv.URL, Broker: b, Egress: simEgress,
		Limits: map[string][]ratelimit.Limit{
			feishu.APIChildren:         {ratelimit.PerSecond(100)},
			feishu.APIFindByDepartment: {ratelimit.PerSecond(100)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := mirror.Run(ctx, mirror.Params{Client: db.Client, CorpID: corp.ID, RunID: 1, Dir: client, Top: platform.RootDepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	sameView(t, simView(org.Snapshot()), dbView(t, ctx, db.Client, corp.ID))
	st := env.sim.Stats()
	if st.Faults == 0 || st.RateLimited == 0 {
		t.Fatalf("the platform was not hostile enough to prove anything: %+v", st)
	}
	t.Logf("survived %d injected faults and %d 429s over %d requests", st.Faults, st.RateLimited, st.Requests)
}
