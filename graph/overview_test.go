package graph_test

import (
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"imbridge/graph/graphtest"
	feishusim "imbridge/platform/sim/feishu"
)

const overviewQuery = `{ overview { oaUsers failedRuns nextSteps { key corp { id } app { id } }
	corps { corp { id } imUsers boundUsers unboundUsers lastPull { id status } lastSync { id }
		connection { status verifiedAt app { id } failed { name code class } } } } }`

type overviewOut struct {
	Overview struct {
		OaUsers, FailedRuns int
		NextSteps           []struct {
			Key  string
			Corp *struct{ ID string }
			App  *struct{ ID string }
		}
		Corps []struct {
			Corp                              struct{ ID string }
			ImUsers, BoundUsers, UnboundUsers int
			LastPull                          *struct{ ID, Status string }
			Connection                        struct {
				Status string
				Failed []struct {
					Name, Class string
					Code        *int
				}
			}
		}
	}
}

func steps(o overviewOut) []string {
	var out []string
	for _, s := range o.Overview.NextSteps {
		out = append(out, s.Key)
	}
	return out
}

// The overview says what is set up and what to do next, step by step, as a
// new tenant goes from nothing to a verified app with a pulled directory.
func TestOverviewGuidesTheSetup(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	var o overviewOut
	adm.MustDo(overviewQuery, nil, &o)
	if got := steps(o); len(got) != 1 || got[0] != "create_corp" || len(o.Overview.Corps) != 0 {
		t.Fatalf("empty tenant: steps %v corps %d", got, len(o.Overview.Corps))
	}

	sim := feishusim.New(feishusim.Config{Org: feishusim.Generate(feishusim.GenOptions{Users: 12, Departments: 3, Seed: 4}), Apps: []feishusim.App{
		{ID: "cli_ok", Secret: "s"},
		{ID: "cli_noscope", Secret: "s", Scopes: []string{}},
	}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()

	// A corp with an app whose secret is wrong: verified, and failed on credentials.
	corpID, appID := feishuCorp(t, adm, srv.URL, "cli_ok", "wrong")
	adm.MustDo(overviewQuery, nil, &o)
	if got := steps(o); len(got) < 1 || got[0] != "verify_app" || o.Overview.NextSteps[0].App.ID != appID {
		t.Fatalf("unverified app: steps %v", got)
	}
	if c := o.Overview.Corps[0]; c.Corp.ID != corpID || c.Connection.Status != "NOT_VERIFIED" {
		t.Fatalf("unverified app: %+v", c)
	}
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { id } }`, map[string]any{"id": appID}, nil)
	adm.MustDo(overviewQuery, nil, &o)
	c := o.Overview.Corps[0]
	if c.Connection.Status != "FAILED" || len(c.Connection.Failed) != 1 || c.Connection.Failed[0].Class != "credentials" || steps(o)[0] != "fix_app" {
		t.Fatalf("bad secret: %+v, steps %v", c.Connection, steps(o))
	}

	// The right secret: connection OK; next, the sync settings.
	adm.MustDo(`mutation($id: ID!) { updateApp(id: $id, input: {appSecret: "s"}) { id } }`, map[string]any{"id": appID}, nil)
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { id } }`, map[string]any{"id": appID}, nil)
	adm.MustDo(overviewQuery, nil, &o)
	if o.Overview.Corps[0].Connection.Status != "OK" || steps(o)[0] != "create_profile" {
		t.Fatalf("verified: %+v, steps %v", o.Overview.Corps[0].Connection, steps(o))
	}
	// No OA directory yet: importing it is a step too.
	if got := steps(o); got[len(got)-1] != "import_oa" || o.Overview.OaUsers != 0 {
		t.Fatalf("no OA directory: steps %v", got)
	}
	adm.MustDo(`mutation($in: CreateSyncProfileInput!) { createSyncProfile(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"corpID": corpID, "appID": appID}}, nil)
	adm.MustDo(overviewQuery, nil, &o)
	if steps(o)[0] != "pull_directory" {
		t.Fatalf("profile set: steps %v", steps(o))
	}

	// The pull, then the coverage: every mirrored person unbound until one
	// is bound.
	var p struct{ PullDirectory struct{ ID string } }
	adm.MustDo(`mutation($c: ID!) { pullDirectory(corpID: $c) { id } }`, map[string]any{"c": corpID}, &p)
	for i := 0; ; i++ {
		adm.MustDo(overviewQuery, nil, &o)
		if lp := o.Overview.Corps[0].LastPull; lp != nil && lp.ID == p.PullDirectory.ID && lp.Status == "succeeded" {
			break
		}
		if i > 300 {
			t.Fatalf("pull did not finish: %+v", o.Overview.Corps[0].LastPull)
		}
		time.Sleep(50 * time.Millisecond)
	}
	c = o.Overview.Corps[0]
	if c.ImUsers == 0 || c.BoundUsers != 0 || c.UnboundUsers != c.ImUsers || !slices.Contains(steps(o), "bind_users") {
		t.Fatalf("after the pull: %+v, steps %v", c, steps(o))
	}
	adm.MustDo(importMutation, map[string]any{"in": smallDirectory()}, nil)
	var users struct {
		Oa, Im struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	adm.MustDo(`query($c: ID!) { oa: users(first: 1, where: {corpIDIsNil: true}) { edges { node { id } } }
		im: users(first: 1, where: {corpID: $c}) { edges { node { id } } } }`, map[string]any{"c": corpID}, &users)
	adm.MustDo(`mutation($in: BindUsersInput!) { bindUsers(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"oaUserID": users.Oa.Edges[0].Node.ID, "imUserID": users.Im.Edges[0].Node.ID}}, nil)
	adm.MustDo(overviewQuery, nil, &o)
	if got := o.Overview.Corps[0]; got.BoundUsers != 1 || got.UnboundUsers != c.ImUsers-1 || o.Overview.OaUsers != 2 {
		t.Fatalf("after one binding: %+v (oa %d)", got, o.Overview.OaUsers)
	}
	if slices.Contains(steps(o), "import_oa") {
		t.Fatalf("OA directory imported, still asked to: %v", steps(o))
	}
}
