package graph_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/worker/progress"
)

const runsChanged = `subscription($c: ID!) { syncRunsChanged(corpID: $c) { id status corp { id name } tenantID } }`

// syncRunsChanged on B's corp is refused for every caller of A; on A's own
// corp it carries A's runs only, even when an event of B's names A's corp.
func caseSyncRunsChanged(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		for _, id := range []int{f.bCorp, f.bRun} {
			f.subscriptionRefused(t, c, "syncRunsChanged", runsChanged, map[string]any{"c": id})
		}
	}

	// A follows its own corp while B's live run reports, once under its own
	// corp and once (forged) under A's: only A's run comes through.
	actx := viewer.System(context.Background(), "test", f.a.ID)
	aPull := f.env.Client.SyncRun.Create().SetKind(syncrun.KindImPull).SetCorpID(f.aCorp).SetStatus(syncrun.StatusRunning).
		SetTrigger(syncrun.TriggerManual).SetPhase("users").SetTotal(10).SaveX(actx).ID
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for i := 1; i <= 8; i++ {
			select {
			case <-stop:
				return
			case <-time.After(250 * time.Millisecond):
			}
			for _, e := range []progress.Event{
				{RunID: f.bLiveRun, TenantID: f.b.ID, CorpID: f.bCorp, Kind: "im_pull", Status: "running", Phase: "users", Total: 10, Done: i},
				{RunID: f.bLiveRun, TenantID: f.b.ID, CorpID: f.aCorp, Kind: "im_pull", Status: "running", Phase: "users", Total: 10, Done: i},
				{RunID: aPull, TenantID: f.a.ID, CorpID: f.aCorp, Kind: "im_pull", Status: "running", Phase: "users", Total: 10, Done: i},
			} {
				_ = progress.Publish(context.Background(), f.env.Broker, e)
			}
		}
	}()
	s := subscribe(t, f.aAdmin, runsChanged, map[string]any{"c": f.aCorp}, 3*time.Second)
	if s.err != nil {
		t.Fatalf("A following its own corp: %v", s.err)
	}
	data := s.data()
	if len(data) == 0 {
		t.Fatalf("A following its own corp heard nothing of its run %d: %+v", aPull, s)
	}
	for _, d := range data {
		f.noLeak(t, f.aAdmin, "syncRunsChanged", d)
		var ev struct{ SyncRunsChanged struct{ ID string } }
		if err := json.Unmarshal(d, &ev); err != nil || ev.SyncRunsChanged.ID != strconv.Itoa(aPull) {
			t.Errorf("A following its own corp got %s, want only run %d", d, aPull)
		}
	}
}
