package mirror_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"testing"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/user"
	"imbridge/platform"
	"imbridge/platform/ratelimit"
	wecomsim "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/worker/broker"
	"imbridge/worker/mirror"
)

// The mirror runs on a WeCom corp through the same engine: these tests
// pull from the WeCom simulator through the WeCom adapter.

type wecomFixture struct {
	db     *ent.Client
	ctx    context.Context
	corpID int
	sim    *wecomsim.Server
	org    *wecomsim.Org
	url    string
	b      *broker.Broker
}

func wecomSetup(t *testing.T, org *wecomsim.Org, apps ...wecomsim.App) *wecomFixture {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	c, err := db.Client.Corp.Create().SetName("Acme").SetPlatform("wecom").SetCorpID(org.CorpID).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) == 0 {
		apps = []wecomsim.App{{AgentID: 1000002, Secret: "app"}}
	}
	sim := wecomsim.New(wecomsim.Config{Org: org, Apps: apps, PerMinute: -1})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	return &wecomFixture{db: db.Client, ctx: ctx, corpID: c.ID, sim: sim, org: org, url: srv.URL, b: broker.OpenTest(t)}
}

func (f *wecomFixture) client(t *testing.T, secret string) *wecom.Client {
	c, err := wecom.New(wecom.Params{CorpID: f.org.CorpID, AgentID: "1000002", Secret: secret, BaseURL: f.url, Broker: f.b,
		Egress: simEgress, Limits: map[string][]ratelimit.Limit{wecom.APIUserList: {}, wecom.APIDepartmentList: {}, wecom.APIDepartmentGet: {}, wecom.APIUserGet: {}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *wecomFixture) pull(t *testing.T, dir platform.Directory, run int) mirror.Result {
	t.Helper()
	// Several listings in flight, as the pull job runs: the writes stay in
	// department order and the result is the same.
	res, err := mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: run, Dir: dir, Top: platform.RootDepartmentID, InFlight: 8})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// wecomView renders the simulated corp as dbView renders the mirror: the
// root (WeCom 1) is "0"; mobiles in E.164.
func wecomView(o *wecomsim.Org, withContact bool) []string {
	out := []string{rootLine}
	id := func(n int) string {
		if n == 1 {
			return "0"
		}
		return strconv.Itoa(n)
	}
	for _, d := range o.Departments() {
		if d.ID != 1 {
			out = append(out, fmt.Sprintf("D %d %s parent=%s", d.ID, d.Name, id(d.ParentID)))
		}
	}
	for _, u := range o.Users() {
		var deps []string
		for _, d := range u.Departments {
			deps = append(deps, id(d))
		}
		sort.Strings(deps)
		mobile, email := "+86"+u.Mobile, u.Email
		if !withContact || u.Mobile == "" {
			mobile = ""
		}
		if !withContact {
			email = ""
		}
		out = append(out, fmt.Sprintf("U %s %s %s %s primary=%s deps=%v", u.UserID, u.Name, mobile, email, id(u.MainDepartment), deps))
	}
	slices.Sort(out)
	return out
}

// The whole corp is mirrored: departments, members of the root (id 1)
// kept, part-time departments and the main department as primary.
func TestWeComMirror(t *testing.T) {
	org := wecomsim.Generate(wecomsim.GenOptions{Users: 300, Departments: 25, FanOut: 4, RootMemberRatio: 0.1, PartTimeRatio: 0.2, DisabledRatio: 0.05, Seed: 3})
	f := wecomSetup(t, org)
	res := f.pull(t, f.client(t, "app"), 1)
	if len(res.Errors) > 0 {
		t.Fatalf("item errors: %+v", res.Errors[:min(3, len(res.Errors))])
	}
	sameView(t, wecomView(org, true), dbView(t, f.ctx, f.db, f.corpID))
	rootMembers := 0
	for _, u := range org.Users() {
		if slices.Contains(u.Departments, 1) {
			rootMembers++
		}
	}
	if rootMembers == 0 {
		t.Fatal("the generated corp has nobody in the root: the test proves nothing")
	}
	disabled, _ := f.db.User.Query().Where(user.CorpID(f.corpID), user.StatusEQ(user.StatusDisabled)).Count(f.ctx)
	if disabled == 0 {
		t.Fatal("disabled members were not mirrored as disabled")
	}
}

// An app created after 2022-06-20 gets no mobile or e-mail: everyone is
// still mirrored, without item errors.
func TestWeComMirrorWithoutMobiles(t *testing.T) {
	org := wecomsim.Generate(wecomsim.GenOptions{Users: 80, Departments: 6, Seed: 4})
	f := wecomSetup(t, org, wecomsim.App{AgentID: 1000002, Secret: "new", NewApp: true})
	res := f.pull(t, f.client(t, "new"), 1)
	if len(res.Errors) > 0 {
		t.Fatalf("item errors: %+v", res.Errors)
	}
	sameView(t, wecomView(org, false), dbView(t, f.ctx, f.db, f.corpID))
	// The employee number (custom field 工号, not withheld) is there to bind by.
	u := org.Users()[0]
	row, err := f.db.User.Query().Where(user.CorpID(f.corpID), user.ExternalID(u.UserID)).Only(f.ctx)
	if err != nil || row.EmployeeNo == "" || row.EmployeeNo != u.EmployeeNo || row.Mobile != "" {
		t.Fatalf("mirrored %+v, WeCom has %+v (%v)", row, u, err)
	}
}

// Events: a member WeCom no longer answers for (60111: deleted, or out of
// the visible range) is out of scope, not resigned; delete_user (the
// platform saying the member left) resigns.
func TestWeComEventsKeepOutOfScopeApartFromGone(t *testing.T) {
	org := wecomsim.Generate(wecomsim.GenOptions{Users: 20, Departments: 3, Seed: 5})
	f := wecomSetup(t, org, wecomsim.App{AgentID: 1000002, Secret: "app"}, wecomsim.App{Secret: "sync", ContactSync: true})
	dir := f.client(t, "app")
	f.pull(t, dir, 1)
	users := org.Users()
	gone, left := users[0].UserID, users[1].UserID
	sync, _ := wecom.New(wecom.Params{CorpID: org.CorpID, Secret: "sync", BaseURL: f.url, Broker: f.b, Egress: simEgress})
	for _, id := range []string{gone, left} {
		if err := sync.DeleteUser(f.ctx, "k-"+id, id, platform.ResourceAcceptors{}); err != nil {
			t.Fatal(err)
		}
	}
	target := mirror.Target{Client: f.db, CorpID: f.corpID, Dir: dir, Top: platform.RootDepartmentID}
	if err := target.ApplyUser(f.ctx, gone); err != nil { // an update_user read back: 60111
		t.Fatal(err)
	}
	if err := target.RemoveUser(f.ctx, left); err != nil { // delete_user
		t.Fatal(err)
	}
	g, _ := f.db.User.Query().Where(user.CorpID(f.corpID), user.ExternalID(gone)).Only(f.ctx)
	l, _ := f.db.User.Query().Where(user.CorpID(f.corpID), user.ExternalID(left)).Only(f.ctx)
	if g == nil || g.Status == user.StatusResigned || g.OutOfScopeAt == nil {
		t.Fatalf("60111: want out of scope, not resigned: %+v", g)
	}
	if l == nil || l.Status != user.StatusResigned {
		t.Fatalf("delete_user did not resign the member: %+v", l)
	}
}
