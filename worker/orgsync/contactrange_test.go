package orgsync_test

import (
	"context"
	"testing"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/reviewitem"
	"imbridge/ent/syncchange"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/orgsync"
	"imbridge/worker/orgsync/plan"
)

// The dry run predicts the apply when the app's contact range is narrow
// (issue 8 attack pass: 40004 on departments outside it): the run reads
// the range from Feishu, plans nothing outside it, stores what it left
// out as outside_contact_range, and its apply fails nothing.
func TestRunStaysInsideTheContactRange(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	must(e.start(orgsync.Request{}))
	rd := must(e.db.Department.Query().Where(department.CorpID(e.corp.ID), department.Name("研发")).Only(e.ctx))
	e.sim.SetContactRange(e.client.AppID(), rd.ExternalID) // 研发 only: not 总部, not the root
	e.oaDept("D3", "销售", "D1")                             // would be created under 总部: outside
	e.oaUser("U4", "赵六", "+8613800000004", "D3")
	e.oaUser("U5", "孙七", "+8613800000005", "D2") // in 研发: inside
	run := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID}))
	params := e.params(run, nil)
	params.Refresh = nil // a pull from the root needs all members
	params.ContactRange = func(ctx context.Context) (*plan.ContactRange, error) {
		r, err := e.client.ContactRange(ctx)
		return &plan.ContactRange{All: r.All, Departments: r.DepartmentIDs, Users: r.UserIDs}, err
	}
	c, err := orgsync.Execute(e.ctx, params)
	if err != nil || c.Failed != 0 {
		t.Fatalf("run: %v, counters %+v", err, c)
	}
	if n := must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID), syncchange.StatusEQ(syncchange.StatusFailed)).Count(e.ctx)); n != 0 {
		t.Fatalf("%d failed changes", n)
	}
	names := must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID)).Order(ent.Asc(syncchange.FieldOrdinal)).Select(syncchange.FieldName).Strings(e.ctx))
	if len(names) != 1 || names[0] != "孙七" {
		t.Fatalf("changes %v, want only 孙七's account", names)
	}
	out := must(e.db.ReviewItem.Query().Where(reviewitem.RunID(run.ID), reviewitem.KindEQ(reviewitem.KindOutsideContactRange)).
		Order(ent.Asc(reviewitem.FieldSource)).Select(reviewitem.FieldSource).Strings(e.ctx))
	if len(out) != 2 || out[0] != "D3" || out[1] != "U4" {
		t.Fatalf("outside the range: %v, want D3 and U4", out)
	}
}
