package graph_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"imbridge/graph/graphtest"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
)

// feishuCorp creates a corp on a simulator and an app with a secret, and
// returns the app's id.
func feishuCorp(t *testing.T, adm *graphtest.Caller, simURL, appID, secret string) (corpID, appRowID string) {
	t.Helper()
	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "飞书", "apiBaseURL": simURL}}, &c)
	var a struct{ CreateApp struct{ ID string } }
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": c.CreateCorp.ID, "name": "OA", "appID": appID, "appSecret": secret}}, &a)
	return c.CreateCorp.ID, a.CreateApp.ID
}

func TestVerifyAppReportsCapabilities(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	sim := feishusim.New(feishusim.Config{Org: feishusim.Generate(feishusim.GenOptions{Users: 10, Departments: 2, Seed: 2}), Apps: []feishusim.App{
		{ID: "cli_verify_ok", Secret: "right-secret", Scopes: feishusim.ScopesFor(feishusim.Capabilities{ContactRead: true, MessageSend: true})},
		// Reads the directory, but without the field permission 获取用户 user ID.
		{ID: "cli_verify_no_uid", Secret: "s", Scopes: []string{feishusim.ScopeContactReadonly}},
	}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()

	_, appID := feishuCorp(t, adm, srv.URL, "cli_verify_ok", "right-secret")
	var out struct {
		VerifyApp struct {
			VerifiedAt   string
			Verification []struct {
				Name    string
				OK      bool
				Code    *int
				Message *string
			}
			Setup struct {
				EventRequestURL, OauthRedirectURL, HomepageURL string
				ApprovalCallbackURL                            *string
			}
		}
	}
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { verifiedAt verification { name ok code message } setup { eventRequestURL oauthRedirectURL homepageURL approvalCallbackURL } } }`, map[string]any{"id": appID}, &out)
	got := map[string]bool{}
	for _, c := range out.VerifyApp.Verification {
		got[c.Name] = c.OK
		if c.Name == "contact_write" && (c.OK || c.Code == nil || *c.Code != 99991672) {
			t.Errorf("contact_write should be refused with 99991672: %+v", c)
		}
	}
	// Message sending is granted (the simulator answers the probe's send
	// after the scope check).
	if !got["credentials"] || !got["contact_read"] || !got["contact_user_id"] || got["contact_write"] || !got["message_send"] || len(got) != 5 {
		t.Fatalf("capabilities = %+v", out.VerifyApp.Verification)
	}
	if out.VerifyApp.Setup.EventRequestURL != "https://bridge.example.com/callback/feishu/"+appID || out.VerifyApp.Setup.ApprovalCallbackURL == nil ||
		*out.VerifyApp.Setup.ApprovalCallbackURL != "https://bridge.example.com/callback/feishu/"+appID+"/approval" {
		t.Fatalf("setup = %+v", out.VerifyApp.Setup)
	}

	// Wrong credentials are stored as a refused "credentials" capability.
	_, bad := feishuCorp(t, adm, srv.URL, "cli_verify_ok", "wrong-secret")
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { verification { name ok code } } }`, map[string]any{"id": bad}, &out)
	if v := out.VerifyApp.Verification; len(v) != 1 || v[0].Name != "credentials" || v[0].OK || v[0].Code == nil || *v[0].Code != feishusim.CodeAppSecretInvalid {
		t.Fatalf("bad credentials: %+v", v)
	}
	// The message says what to fix (10014 means a wrong App ID or Secret).
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { verification { name ok code message } } }`, map[string]any{"id": bad}, &out)
	if m := out.VerifyApp.Verification[0].Message; m == nil || !strings.Contains(*m, "App Secret") {
		t.Fatalf("bad credentials message: %v", m)
	}

	// An app lacking the user-ID field permission is told so, with the
	// permission to enable.
	_, noUID := feishuCorp(t, adm, srv.URL, "cli_verify_no_uid", "s")
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { verification { name ok code message } } }`, map[string]any{"id": noUID}, &out)
	var uid *string
	for _, c := range out.VerifyApp.Verification {
		if c.Name == "contact_user_id" && !c.OK {
			uid = c.Message
		}
	}
	if uid == nil || !strings.Contains(*uid, "获取用户 user ID") || !strings.Contains(*uid, "contact:user.employee_id:readonly") {
		t.Fatalf("no user-ID permission: %+v", out.VerifyApp.Verification)
	}
}

func TestPullDirectoryMirrorsTheOrg(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{Limits: map[string][]ratelimit.Limit{feishu.APIChildren: {}, feishu.APIFindByDepartment: {}}})
	_, adm, _ := env.Tenant("acme")
	org := feishusim.Generate(feishusim.GenOptions{Users: 300, Departments: 30, PartTimeRatio: 0.2, Seed: 5})
	sim := feishusim.New(feishusim.Config{Org: org, Apps: []feishusim.App{{ID: "cli_pull", Secret: "s"}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	defer sim.Close()
	// The user listings wait for the gate, so the run is still going when the
	// subscriber arrives and what it sees next can only be live events.
	gate := make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(gate) }) }
	defer open()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/users/find_by_department") {
			select {
			case <-gate:
			case <-time.After(30 * time.Second):
			}
		}
		sim.ServeHTTP(w, r)
	}))
	defer srv.Close()
	corpID, _ := feishuCorp(t, adm, srv.URL, "cli_pull", "s")

	var p struct{ PullDirectory struct{ ID, Status string } }
	adm.MustDo(`mutation($c: ID!) { pullDirectory(corpID: $c) { id status } }`, map[string]any{"c": corpID}, &p)
	// Asking again while it is queued or running returns the same run.
	var again struct{ PullDirectory struct{ ID string } }
	adm.MustDo(`mutation($c: ID!) { pullDirectory(corpID: $c) { id } }`, map[string]any{"c": corpID}, &again)
	if again.PullDirectory.ID != p.PullDirectory.ID {
		t.Fatalf("second pull started another run: %s vs %s", again.PullDirectory.ID, p.PullDirectory.ID)
	}
	sub, err := adm.Subscribe(`subscription($id: ID!) { syncRunProgress(id: $id) { status phase done total error counters { created } } }`, map[string]any{"id": p.PullDirectory.ID})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	type state struct {
		Status, Phase, Error string
		Done, Total          int
		Counters             struct{ Created int }
	}
	var states []state
	for {
		resp, done, err := sub.Next()
		if err != nil {
			t.Fatalf("after %+v: %v", states, err)
		}
		if done {
			break
		}
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %+v", resp.Errors)
		}
		var ev struct{ SyncRunProgress state }
		if err := json.Unmarshal(resp.Data, &ev); err != nil {
			t.Fatalf("%s: %v", resp.Data, err)
		}
		states = append(states, ev.SyncRunProgress)
		if len(states) == 1 {
			// The current state comes first: the run is waiting at the gate.
			if st := states[0].Status; st != "queued" && st != "running" {
				t.Fatalf("first state %+v: the run ended before it was let through", states[0])
			}
			open()
		}
	}
	// What came after the current state arrived live, and ends in success.
	if len(states) < 2 {
		t.Fatalf("no live event after the current state: %+v", states)
	}
	last := states[len(states)-1]
	if last.Status != "succeeded" || last.Counters.Created == 0 || last.Done != last.Total {
		t.Fatalf("pull ended %+v (states %+v)", last, states)
	}
	// Within a phase, progress only moves forward.
	for i := 1; i < len(states); i++ {
		if states[i].Done < states[i-1].Done && states[i].Phase == states[i-1].Phase {
			t.Errorf("progress went backwards: %+v after %+v", states[i], states[i-1])
		}
	}
	stats := org.Stats()
	var count struct{ Users, Departments struct{ TotalCount int } }
	adm.MustDo(`query($c: ID!) { users(where: {corpID: $c, removedAtIsNil: true}) { totalCount } departments(where: {corpID: $c}) { totalCount } }`, map[string]any{"c": corpID}, &count)
	// The root department is a row of the mirror too (the top of the tree).
	if count.Users.TotalCount != stats.ActiveUsers || count.Departments.TotalCount != stats.Departments+1 {
		t.Fatalf("mirror has %+v, org has %+v", count, stats)
	}
	// The run lists its one attempt, which did all of it.
	var run struct {
		Node struct {
			StartedAt string
			Counters  struct{ Created int }
			Attempts  []struct {
				Number                     int
				Worker, StartedAt, Outcome string
				EndedAt                    *string
				Counters                   struct{ Created int }
			}
		}
	}
	adm.MustDo(`query($id: ID!) { node(id: $id) { ... on SyncRun { startedAt counters { created } attempts { number worker startedAt endedAt outcome counters { created } } } } }`,
		map[string]any{"id": p.PullDirectory.ID}, &run)
	if a := run.Node.Attempts; len(a) != 1 || a[0].Number != 1 || a[0].Worker == "" || a[0].Outcome != "succeeded" || a[0].EndedAt == nil ||
		a[0].StartedAt != run.Node.StartedAt || a[0].Counters.Created != run.Node.Counters.Created || a[0].Counters.Created == 0 {
		t.Fatalf("run %+v", run.Node)
	}
}

// TestScheduledPull: a sync profile with a schedule makes the worker pull
// the corp's directory by itself, and an invalid cron is refused by field.
func TestScheduledPull(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{ScheduleReload: 500 * time.Millisecond, Limits: map[string][]ratelimit.Limit{feishu.APIChildren: {}, feishu.APIFindByDepartment: {}}})
	_, adm, _ := env.Tenant("acme")
	org := feishusim.Generate(feishusim.GenOptions{Users: 30, Departments: 4, Seed: 8})
	sim := feishusim.New(feishusim.Config{Org: org, Apps: []feishusim.App{{ID: "cli_sched", Secret: "s"}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	corpID, appID := feishuCorp(t, adm, srv.URL, "cli_sched", "s")
	const create = `mutation($in: CreateSyncProfileInput!) { createSyncProfile(input: $in) { id schedule } }`
	code, e := adm.ErrCode(create, map[string]any{"in": map[string]any{"corpID": corpID, "appID": appID, "schedule": "every day at noon"}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.schedule" {
		t.Fatalf("bad cron: %s %+v", code, e)
	}
	adm.MustDo(create, map[string]any{"in": map[string]any{"corpID": corpID, "appID": appID, "schedule": "@every 1s"}}, nil)
	graphtest.Eventually(t, 30*time.Second, func() bool {
		var runs struct {
			SyncRuns struct {
				Edges []struct {
					Node struct{ Trigger, Status string }
				}
			}
		}
		adm.MustDo(`{ syncRuns(where: {kind: im_pull}) { edges { node { trigger status } } } }`, nil, &runs)
		for _, e := range runs.SyncRuns.Edges {
			if e.Node.Trigger == "schedule" && e.Node.Status == "succeeded" {
				return true
			}
		}
		return false
	}, "a scheduled pull to succeed")
}

func TestSyncProfileRefusesAnEmptyTopDepartment(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	corpID, appID := feishuCorp(t, adm, "https://open.feishu.cn", "cli_top", "s")
	code, e := adm.ErrCode(`mutation($in: CreateSyncProfileInput!) { createSyncProfile(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"corpID": corpID, "appID": appID, "topDepartmentID": ""}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.topDepartmentID" {
		t.Fatalf("got %s %+v", code, e)
	}
}
