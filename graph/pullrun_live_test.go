package graph_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"imbridge/graph/graphtest"
	feishusim "imbridge/platform/sim/feishu"
)

// A list of a corp's pulls stays current without polling: a pull started
// after the subscription (here by the API) arrives running and then as it
// ended; a run of another kind is left out when the list asks for pulls.
func TestSyncRunsChangedFollowsEveryPullOfTheCorp(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{})
	_, adm, _ := env.Tenant("acme")
	org := feishusim.Generate(feishusim.GenOptions{Users: 60, Departments: 5, Seed: 3})
	sim := feishusim.New(feishusim.Config{Org: org, Apps: []feishusim.App{{ID: "cli_runs_live", Secret: "s"}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	corpID, _ := feishuCorp(t, adm, srv.URL, "cli_runs_live", "s")

	pulls, err := adm.Subscribe(`subscription($c: ID!) { syncRunsChanged(corpID: $c, kind: im_pull) { id kind status counters { created } } }`, map[string]any{"c": corpID})
	if err != nil {
		t.Fatal(err)
	}
	defer pulls.Close()
	syncs, err := adm.Subscribe(`subscription($c: ID!) { syncRunsChanged(corpID: $c, kind: oa_to_im) { id } }`, map[string]any{"c": corpID})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the subscriptions start listening on their own goroutine
	var started struct{ PullDirectory struct{ ID string } }
	adm.MustDo(`mutation($c: ID!) { pullDirectory(corpID: $c) { id } }`, map[string]any{"c": corpID}, &started)

	var statuses []string
	for {
		resp, done, err := pulls.Next()
		if err != nil || done {
			t.Fatalf("the pull list ended (%v) after %v", err, statuses)
		}
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %+v", resp.Errors)
		}
		var ev struct {
			SyncRunsChanged struct {
				ID, Kind, Status string
				Counters         struct{ Created int }
			}
		}
		if err := json.Unmarshal(resp.Data, &ev); err != nil {
			t.Fatal(err)
		}
		run := ev.SyncRunsChanged
		if run.ID != started.PullDirectory.ID || run.Kind != "im_pull" {
			t.Fatalf("the pull list got run %s (%s), want the pull %s", run.ID, run.Kind, started.PullDirectory.ID)
		}
		statuses = append(statuses, run.Status)
		if run.Status == "succeeded" {
			if run.Counters.Created == 0 {
				t.Fatalf("the ended pull arrived without its counters: %+v", run)
			}
			break
		}
	}
	if statuses[0] != "running" {
		t.Fatalf("the pull arrived first as %q (all: %v), want running", statuses[0], statuses)
	}
	time.AfterFunc(time.Second, syncs.Close)
	if _, results := syncs.Ended(); len(results) > 0 {
		t.Fatalf("the list of oa_to_im runs heard the pull: %+v", results)
	}
}
