package wecom_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"imbridge/platform/egress"
	"imbridge/platform/ratelimit"
	simwecom "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/worker/broker"
)

// simEgress lets clients reach the simulator on 127.0.0.1 over http, as an
// operator's allow list would.
var simEgress = egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")})

const (
	appSecret  = "app-secret"
	syncSecret = "sync-secret"
	newSecret  = "new-app-secret"
	agentID    = 1000002
)

// env is a simulator with three apps: a self-built app (agent 1000002,
// created before mid-2022, living allowed), the 通讯录同步 secret, and an
// app created after 2022-06-20.
type env struct {
	sim *simwecom.Server
	url string
	b   *broker.Broker
}

func newEnv(t testing.TB, org *simwecom.Org) *env {
	t.Helper()
	if org == nil {
		org = simwecom.Generate(simwecom.GenOptions{Users: 60, Departments: 8, FanOut: 3, RootMemberRatio: 0.1, PartTimeRatio: 0.2, DisabledRatio: 0.1, Seed: 7})
	}
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{
		{AgentID: agentID, Secret: appSecret, Living: true},
		{Secret: syncSecret, ContactSync: true},
		{AgentID: 1000003, Secret: newSecret, NewApp: true},
	}})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	return &env{sim: sim, url: srv.URL, b: broker.OpenTest(t)}
}

func (e *env) client(t testing.TB, secret string, mod ...func(*wecom.Params)) *wecom.Client {
	t.Helper()
	p := wecom.Params{CorpID: e.sim.Org().CorpID, Secret: secret, BaseURL: e.url, Broker: e.b, Egress: simEgress,
		Limiter: ratelimit.New(e.b),
		Retry:   wecom.Retry{Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, ThrottleWait: 10 * time.Millisecond}}
	switch secret {
	case appSecret:
		p.AgentID = "1000002"
	case newSecret:
		p.AgentID = "1000003"
	}
	for _, m := range mod {
		m(&p)
	}
	c, err := wecom.New(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
