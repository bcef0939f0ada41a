package graph_test

import (
	"testing"
	"time"

	"imbridge/ent/admin"
	"imbridge/graph/graphtest"
)

// TestArchivedJobsAreVisibleAndRetryable: a pull of a corp without an app
// fails permanently, is archived, shows up for the super admin with its
// error, and can be run again.
func TestArchivedJobsAreVisibleAndRetryable(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "no app"}}, &c)
	var p struct{ PullDirectory struct{ ID string } }
	adm.MustDo(`mutation($c: ID!) { pullDirectory(corpID: $c) { id } }`, map[string]any{"c": c.CreateCorp.ID}, &p)

	root := env.Admin("root", admin.RoleSuperAdmin, 0)
	type jobs struct {
		ArchivedJobs []struct{ ID, Type, LastError string }
		JobQueues    []struct {
			Name     string
			Archived int
		}
	}
	var got jobs
	graphtest.Eventually(t, 20*time.Second, func() bool {
		root.MustDo(`{ archivedJobs(queue: "default") { id type lastError } jobQueues { name archived } }`, nil, &got)
		return len(got.ArchivedJobs) == 1
	}, "the failed pull to be archived")
	j := got.ArchivedJobs[0]
	if j.ID != "run-"+p.PullDirectory.ID || j.Type != "directory:im_pull" || j.LastError == "" {
		t.Fatalf("archived job = %+v", j)
	}
	if len(got.JobQueues) != 3 || got.JobQueues[1].Name != "default" || got.JobQueues[1].Archived != 1 {
		t.Fatalf("queues = %+v", got.JobQueues)
	}
	var run struct {
		Node struct{ Status, Error string }
	}
	adm.MustDo(`query($id: ID!) { node(id: $id) { ... on SyncRun { status error } } }`, map[string]any{"id": p.PullDirectory.ID}, &run)
	if run.Node.Status != "failed" || run.Node.Error == "" {
		t.Fatalf("run = %+v", run.Node)
	}
	root.MustDo(`mutation($id: String!) { retryArchivedJob(queue: "default", id: $id) { id } }`, map[string]any{"id": j.ID}, nil)
	if code, _ := root.ErrCode(`mutation { retryArchivedJob(queue: "nope", id: "x") { id } }`, nil); code != "BAD_USER_INPUT" {
		t.Fatalf("unknown queue: %s", code)
	}
	if code, _ := adm.ErrCode(`{ jobQueues { name } }`, nil); code != "FORBIDDEN" {
		t.Fatalf("tenant admin read the queues: %s", code)
	}
}
