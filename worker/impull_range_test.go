package worker

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

// TestPullStartsFromTheContactRange: a plain pull (no sync profile: from the
// root) by an app whose contact range is one department and one person
// elsewhere fits itself to the range as the sync's refresh does
// (mirror.InRange): Feishu refuses the root to it (40004), so it starts
// from the granted department and pulls the granted person too.
func TestPullStartsFromTheContactRange(t *testing.T) {
	db := dbtest.Open(t)
	tn, ctx := dbtest.Tenant(t, db.Client, "acme")
	b := broker.OpenTest(t)
	const appID, secret = "cli_pullrange", "secret-pullrange"
	sim := feishusim.New(feishusim.Config{Apps: []feishusim.App{{ID: appID, Secret: secret}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	t.Cleanup(sim.Close)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	org := sim.Org()
	granted, err := org.CreateDepartment(feishusim.Department{Name: "研发", ParentID: feishusim.RootDepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := org.CreateDepartment(feishusim.Department{Name: "市场", ParentID: feishusim.RootDepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for i, p := range []struct{ name, dept string }{{"甲", granted.DepartmentID}, {"乙", other.DepartmentID}, {"丙", other.DepartmentID}} {
		name := p.name
		u, err := org.CreateUser(feishusim.User{Name: name, Mobile: "+86139000000" + string(rune('1'+i)) + "0", DepartmentIDs: []string{p.dept}})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = u.UserID
	}
	sim.SetContactRange(appID, granted.DepartmentID)
	sim.SetContactRangeUsers(appID, ids["乙"])

	f := newPullFixture(t, ctx, db.Client, b, tn.ID, srv.URL, appID, secret)
	c, run, task, platforms := f.corp, f.run, f.task, f.platforms
	s := NewServer(ServerParams{Broker: b, DB: db.Client, Client: NewClient(b), Platforms: platforms,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Name: "worker-1"})
	if err := s.runHandler(imPull)(context.Background(), task); err != nil {
		t.Fatalf("pull: %v", err)
	}
	if r := db.Client.SyncRun.GetX(ctx, run.ID); r.Status != syncrun.StatusSucceeded {
		t.Fatalf("run %s: %s %+v", r.Status, r.Error, r.Errors)
	}
	got := map[string]bool{}
	for _, u := range db.Client.User.Query().Where(user.CorpID(c.ID)).AllX(ctx) {
		got[u.ExternalID] = u.RemovedAt == nil && u.OutOfScopeAt == nil
	}
	if !got[ids["甲"]] || !got[ids["乙"]] || len(got) != 2 {
		t.Fatalf("mirrored %v: want 甲 (granted department) and 乙 (granted person), not 丙", got)
	}
}
