package graph_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"imbridge/graph/graphtest"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
)

// pulledRun is a pull's final state as syncRunProgress sends it.
type pulledRun struct {
	Status, Error string
	Counters      struct{ Created, Failed, OutOfScope int }
	Errors        []struct{ Item, Kind, ExternalID, Message string }
}

// pullAndWatch starts a pull of the corp and follows it to its end,
// returning every status it went through and the final state.
func pullAndWatch(t *testing.T, adm *graphtest.Caller, corpID string) ([]string, pulledRun) {
	t.Helper()
	var p struct{ PullDirectory struct{ ID string } }
	adm.MustDo(`mutation($c: ID!) { pullDirectory(corpID: $c) { id } }`, map[string]any{"c": corpID}, &p)
	sub, err := adm.Subscribe(`subscription($id: ID!) { syncRunProgress(id: $id) { status error
		counters { created failed outOfScope } errors { item kind externalID message } } }`, map[string]any{"id": p.PullDirectory.ID})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	var statuses []string
	var last struct{ SyncRunProgress pulledRun }
	for {
		resp, done, err := sub.Next()
		if err != nil {
			t.Fatalf("following the pull (statuses so far %v): %v", statuses, err)
		}
		if done {
			return statuses, last.SyncRunProgress
		}
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %+v", resp.Errors)
		}
		_ = json.Unmarshal(resp.Data, &last)
		statuses = append(statuses, last.SyncRunProgress.Status)
	}
}

// One user whose name the columns cannot hold does not fail the pull: the
// run ends succeeded_with_errors, lists the item with its kind, id and
// reason, and everyone else is mirrored (with the root department as the
// top row).
func TestPullWithABadItemSucceedsWithErrors(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{Limits: map[string][]ratelimit.Limit{feishu.APIChildren: {}, feishu.APIFindByDepartment: {}}})
	_, adm, _ := env.Tenant("acme")
	org := feishusim.Generate(feishusim.GenOptions{Users: 80, Departments: 6, RootMemberRatio: 0.2, Seed: 12})
	bad, err := org.CreateUser(feishusim.User{Name: strings.Repeat("名", 1100), Mobile: "13500000099", DepartmentIDs: []string{org.Children(feishusim.RootDepartmentID)[0]}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := org.CreateUser(feishusim.User{Name: strings.Repeat("龘", 86), Mobile: "13500000098", DepartmentIDs: []string{feishusim.RootDepartmentID}}); err != nil {
		t.Fatal(err)
	}
	sim := feishusim.New(feishusim.Config{Org: org, Apps: []feishusim.App{{ID: "cli_pull_items", Secret: "s"}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	corpID, _ := feishuCorp(t, adm, srv.URL, "cli_pull_items", "s")

	_, run := pullAndWatch(t, adm, corpID)
	if run.Status != "succeeded_with_errors" || run.Counters.Failed != 1 || len(run.Errors) != 1 {
		t.Fatalf("pull with one bad user: %+v", run)
	}
	if e := run.Errors[0]; e.Kind != "user" || e.ExternalID != bad.UserID || !strings.Contains(e.Message, "name") {
		t.Fatalf("item error %+v", e)
	}
	stats := org.Stats()
	var count struct{ Users, Departments struct{ TotalCount int } }
	adm.MustDo(`query($c: ID!) { users(where: {corpID: $c, removedAtIsNil: true, outOfScopeAtIsNil: true}) { totalCount } departments(where: {corpID: $c}) { totalCount } }`, map[string]any{"c": corpID}, &count)
	if count.Users.TotalCount != stats.ActiveUsers-1 || count.Departments.TotalCount != stats.Departments+1 {
		t.Fatalf("mirror has %+v, org has %+v", count, stats)
	}
}

// A wrong App Secret fails the pull at once, with Feishu's code and what to
// change: no retry can fix credentials.
func TestPullWithAWrongSecretFailsAtOnce(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	sim := feishusim.New(feishusim.Config{Apps: []feishusim.App{{ID: "cli_pull_secret", Secret: "right"}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	corpID, _ := feishuCorp(t, adm, srv.URL, "cli_pull_secret", "wrong")

	statuses, run := pullAndWatch(t, adm, corpID)
	if run.Status != "failed" || !strings.Contains(run.Error, "10014") || !strings.Contains(run.Error, "App Secret") {
		t.Fatalf("pull with a wrong secret: %+v", run)
	}
	for i, st := range statuses {
		if st == "queued" && i > 0 {
			t.Fatalf("the run was queued again for a retry: %v", statuses)
		}
	}
}

// A pull whose profile names an auto-bind field (新用户关联系统账号) binds
// the new IM users to the OA users with the same mobile (method auto), and
// a second pull binds nobody twice.
func TestPullAutoBindsByTheProfilesField(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	org := feishusim.Generate(feishusim.GenOptions{Users: 30, Departments: 3, Seed: 21})
	sim := feishusim.New(feishusim.Config{Org: org, Apps: []feishusim.App{{ID: "cli_autobind", Secret: "s"}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	corpID, appID := feishuCorp(t, adm, srv.URL, "cli_autobind", "s")

	// Five Feishu people are in the OA too, under their mobile written the local way.
	var users []any
	want := map[string]string{}
	for i, u := range org.Snapshot().Users {
		if i >= 5 || u.Resigned {
			continue
		}
		ext := "OA-" + u.UserID
		users = append(users, map[string]any{"externalID": ext, "name": u.Name, "mobile": strings.TrimPrefix(u.Mobile, "+86")})
		want[u.UserID] = ext
	}
	var r importResult
	adm.MustDo(importMutation, map[string]any{"in": map[string]any{"users": users}}, &r)
	adm.MustDo(`mutation($in: CreateSyncProfileInput!) { createSyncProfile(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"corpID": corpID, "appID": appID, "autoBindField": "mobile"}}, nil)

	bindings := func() map[string]string {
		var out struct {
			Bindings struct {
				Edges []struct {
					Node struct {
						Method string
						OaUser struct{ ExternalID string }
						ImUser struct{ ExternalID string }
					}
				}
			}
		}
		adm.MustDo(`query($c: ID!) { bindings(where: {corpID: $c}) { edges { node { method oaUser { externalID } imUser { externalID } } } } }`, map[string]any{"c": corpID}, &out)
		got := map[string]string{}
		for _, e := range out.Bindings.Edges {
			if e.Node.Method != "auto" {
				t.Errorf("binding method %s", e.Node.Method)
			}
			got[e.Node.ImUser.ExternalID] = e.Node.OaUser.ExternalID
		}
		return got
	}
	for range 2 {
		if _, run := pullAndWatch(t, adm, corpID); run.Status != "succeeded" {
			t.Fatalf("pull: %+v", run)
		}
		if got := bindings(); len(want) == 0 || !equalMaps(got, want) {
			t.Fatalf("bindings after the pull %v, want %v", got, want)
		}
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
