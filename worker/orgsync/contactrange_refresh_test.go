package orgsync_test

import (
	"context"
	"testing"

	"imbridge/ent"
	"imbridge/ent/syncchange"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/mirror"
	"imbridge/worker/orgsync"
	"imbridge/worker/orgsync/plan"
)

// rangeRefresh is the oa_to_im refresh as the worker wires it: a pull from
// the root fitted to the app's contact range (mirror.InRange).
func (e *env) rangeRefresh(ctx context.Context) error {
	e.pulls++
	p, err := mirror.InRange(ctx, mirror.Params{Client: e.db, CorpID: e.corp.ID, RunID: 2_000_000 + e.pulls, Dir: e.client,
		Top: platform.RootDepartmentID, Save: func(context.Context, []byte) error { return nil }})
	if err != nil {
		return err
	}
	_, err = mirror.Run(ctx, p)
	return err
}

// An oa_to_im run whose app may see only 研发 (issue 8: the refresh pulled
// from the root and failed with 40004): the refresh starts from the range,
// the run writes inside it and fails nothing.
func TestRefreshStartsFromTheContactRange(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	must(e.start(orgsync.Request{}))
	rd := e.imDept("研发")
	e.sim.SetContactRange(e.client.AppID(), rd)
	e.oaUser("U5", "孙七", "+8613800000005", "D2")
	run := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID}))
	params := e.params(run, nil)
	params.Refresh = e.rangeRefresh
	params.ContactRange = func(ctx context.Context) (*plan.ContactRange, error) {
		r, err := e.client.ContactRange(ctx)
		return &plan.ContactRange{All: r.All, Departments: r.DepartmentIDs, Users: r.UserIDs}, err
	}
	c, err := orgsync.Execute(e.ctx, params)
	if err != nil || c.Failed != 0 {
		var failed []string
		for _, ch := range must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID), syncchange.StatusEQ(syncchange.StatusFailed)).All(e.ctx)) {
			failed = append(failed, string(ch.Action)+" "+ch.Name+": "+ch.Code+" "+ch.Message)
		}
		t.Fatalf("run: %v, counters %+v, failed %v", err, c, failed)
	}
	names := must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID), syncchange.StatusEQ(syncchange.StatusApplied)).
		Order(ent.Asc(syncchange.FieldOrdinal)).Select(syncchange.FieldName).Strings(e.ctx))
	if len(names) != 1 || names[0] != "孙七" {
		t.Fatalf("applied %v, want only 孙七's account", names)
	}
	u := imUserByMobile(t, e, "+8613800000005")
	if len(u.DepartmentIDs) != 1 || u.DepartmentIDs[0] != rd {
		t.Fatalf("孙七 is in %v, want 研发 (%s)", u.DepartmentIDs, rd)
	}
}

// imDept is the Feishu department_id of the mirror's department name.
func (e *env) imDept(name string) string {
	for _, d := range e.sim.Org().Snapshot().Departments {
		if d.Name == name {
			return d.DepartmentID
		}
	}
	e.t.Fatalf("no Feishu department %s", name)
	return ""
}
