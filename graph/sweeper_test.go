package graph_test

import (
	"testing"
	"time"

	"imbridge/ent/database/dbtest"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	"imbridge/worker"
	"imbridge/worker/oaimport"
)

// TestOrphanedRunIsResumed: a run left "running" whose task is gone (an
// embedded Redis restarted, a worker died and its queue was lost) is found
// by the sweeper, re-enqueued and finished.
func TestOrphanedRunIsResumed(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{SweepInterval: 300 * time.Millisecond})
	tn, adm, _ := env.Tenant("acme")
	sys := viewer.System(dbtest.Bootstrap(), "test", tn.ID)
	payload, err := worker.EncodeImport(oaimport.Generate(50, 5, 1))
	if err != nil {
		t.Fatal(err)
	}
	run, err := env.Client.SyncRun.Create().SetKind(syncrun.KindOaImport).SetStatus(syncrun.StatusRunning).SetPayload(payload).Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	graphtest.Eventually(t, 20*time.Second, func() bool {
		var r struct{ Node struct{ Status string } }
		adm.MustDo(`query($id: ID!) { node(id: $id) { ... on SyncRun { status } } }`, map[string]any{"id": run.ID}, &r)
		return r.Node.Status == "succeeded"
	}, "the orphaned run to be resumed and finish")
	var count struct{ Users struct{ TotalCount int } }
	adm.MustDo(`{ users { totalCount } }`, nil, &count)
	if count.Users.TotalCount != 50 {
		t.Fatalf("users = %d", count.Users.TotalCount)
	}
}
