package orgsync_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/department"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
	"imbridge/worker/mirror"
	"imbridge/worker/orgsync"
)

var simEgress = egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")})

// noLimits lifts the adapter's budgets: rate limits are the benchmark's
// subject, here they would only make tests slow.
func noLimits() map[string][]ratelimit.Limit {
	m := map[string][]ratelimit.Limit{}
	for _, api := range []string{feishu.APIChildren, feishu.APIFindByDepartment, feishu.APIGetDepartment, feishu.APIGetUser,
		feishu.APIPatchDepartment, feishu.APICreateDepartment, feishu.APIDeleteDepartment, feishu.APICreateUser, feishu.APIPatchUser,
		feishu.APIDeleteUser, feishu.APIResurrectUser, feishu.APIPatchUserMembership, feishu.APIBatchGetID} {
		m[api] = []ratelimit.Limit{}
	}
	return m
}

var appSeq atomic.Int64

// env is a tenant with a Feishu corp on the simulator, its sync profile
// and the bridge's OA directory.
type env struct {
	t      testing.TB
	db     *ent.Client
	ctx    context.Context
	corp   *ent.Corp
	prof   *ent.SyncProfile
	sim    *feishusim.Server
	client *feishu.Client
	srvURL string
	pulls  int
}

func newEnv(t testing.TB, cfg feishusim.Config) *env {
	t.Helper()
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	appID := fmt.Sprintf("cli_sync%d", appSeq.Add(1))
	cfg.Apps = []feishusim.App{{ID: appID, Secret: "s"}}
	if cfg.RateLimit.Default == (feishusim.Limit{}) && cfg.RateLimit.PerAPI == nil {
		cfg.RateLimit.Disabled = true
	}
	sim := feishusim.New(cfg)
	t.Cleanup(sim.Close)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c, err := feishu.New(feishu.Params{AppID: appID, AppSecret: "s", BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress,
		Limits: noLimits(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	corp := must(db.Client.Corp.Create().SetName("Acme").SetPlatform("feishu").Save(ctx))
	app := must(db.Client.App.Create().SetCorpID(corp.ID).SetName("sync").SetAppID(appID).Save(ctx))
	prof := must(db.Client.SyncProfile.Create().SetCorpID(corp.ID).SetAppID(app.ID).SetMode("oa_to_im").
		SetPermission("read_write").SetCreateUsers(true).SetAutoBindField("mobile").Save(ctx))
	return &env{t: t, db: db.Client, ctx: ctx, corp: corp, prof: prof, sim: sim, client: c, srvURL: srv.URL}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// profile changes the sync profile.
func (e *env) profile(fn func(u *ent.SyncProfileUpdateOne)) {
	u := e.prof.Update()
	fn(u)
	e.prof = must(u.Save(e.ctx))
}

// oaDept adds or changes an OA department.
func (e *env) oaDept(key, name, parent string) {
	e.t.Helper()
	var pid *int
	if parent != "" {
		id := must(e.db.Department.Query().Where(department.CorpIDIsNil(), department.ExternalID(parent)).OnlyID(e.ctx))
		pid = &id
	}
	if id, err := e.db.Department.Query().Where(department.CorpIDIsNil(), department.ExternalID(key)).OnlyID(e.ctx); err == nil {
		must(0, e.db.Department.UpdateOneID(id).SetName(name).SetNillableParentID(pid).Exec(e.ctx))
		return
	}
	must(e.db.Department.Create().SetExternalID(key).SetName(name).SetNillableParentID(pid).Save(e.ctx))
}

// oaUser adds an OA user in dept.
func (e *env) oaUser(key, name, mobile, dept string) {
	e.t.Helper()
	u := must(e.db.User.Create().SetExternalID(key).SetName(name).SetMobile(mobile).Save(e.ctx))
	d := must(e.db.Department.Query().Where(department.CorpIDIsNil(), department.ExternalID(dept)).OnlyID(e.ctx))
	must(e.db.Membership.Create().SetUserID(u.ID).SetDepartmentID(d).SetPrimary(true).Save(e.ctx))
}

// oaStatus changes an OA user's status.
func (e *env) oaStatus(key string, st user.Status) {
	id := must(e.db.User.Query().Where(user.CorpIDIsNil(), user.ExternalID(key)).OnlyID(e.ctx))
	must(0, e.db.User.UpdateOneID(id).SetStatus(st).Exec(e.ctx))
}

// pull mirrors the simulator into the bridge.
func (e *env) pull() {
	e.t.Helper()
	e.pulls++
	if _, err := mirror.Run(e.ctx, mirror.Params{Client: e.db, CorpID: e.corp.ID, RunID: 1_000_000 + e.pulls, Dir: e.client,
		Top: platform.RootDepartmentID, Save: func(context.Context, []byte) error { return nil }}); err != nil {
		e.t.Fatalf("pull: %v", err)
	}
}

// params are the engine's parameters for a run on this env.
func (e *env) params(run *ent.SyncRun, w platform.DirectoryWriter) orgsync.RunParams {
	if w == nil {
		w = e.client
	}
	return orgsync.RunParams{DB: e.db, Run: run, Concurrency: 4, Lanes: orgsync.FeishuLanes(),
		RestoreWindow: platform.RestoreWindowOf(e.client),
		Refresh:       func(context.Context) error { e.pull(); return nil },
		Target: func(context.Context, *ent.SyncProfile) (orgsync.Target, error) {
			return &orgsync.IMTarget{W: w, CorpID: e.corp.ID, By: "test"}, nil
		}}
}

// start creates a run and executes it as the worker would, setting the
// final status. It returns the run as stored and Execute's error.
func (e *env) start(req orgsync.Request) (*ent.SyncRun, error) {
	e.t.Helper()
	req.CorpID = e.corp.ID
	run, err := orgsync.Create(e.ctx, e.db, req)
	if err != nil {
		return nil, err
	}
	return e.execute(run, nil)
}

func (e *env) execute(run *ent.SyncRun, w platform.DirectoryWriter) (*ent.SyncRun, error) {
	e.t.Helper()
	c, err := orgsync.Execute(e.ctx, e.params(run, w))
	st := syncrun.StatusSucceeded
	switch {
	case errors.Is(err, orgsync.ErrAwaitingApproval):
		st = syncrun.StatusAwaitingApproval
	case err != nil:
		st = syncrun.StatusFailed
	case c.Failed > 0:
		st = syncrun.StatusSucceededWithErrors
	}
	run = must(e.db.SyncRun.UpdateOneID(run.ID).SetStatus(st).SetCounters(c).Save(e.ctx))
	return run, err
}

// imView renders the simulator's directory as comparable lines.
func imView(s feishusim.Snapshot) []string {
	names := map[string]string{"0": "/"}
	var out []string
	for _, d := range s.Departments {
		if d.DepartmentID == feishusim.RootDepartmentID {
			continue
		}
		names[d.DepartmentID] = names[d.ParentID] + d.Name + "/"
		out = append(out, "D "+names[d.DepartmentID])
	}
	for _, u := range s.Users {
		st := "active"
		switch {
		case u.Resigned:
			st = "resigned"
		case u.Frozen:
			st = "disabled"
		}
		var deps []string
		for _, d := range u.DepartmentIDs {
			deps = append(deps, names[d])
		}
		out = append(out, fmt.Sprintf("U %s %s %s %v", u.Name, u.Mobile, st, deps))
	}
	sort.Strings(out)
	return out
}

// statuses counts a run's changes by status.
func (e *env) statuses(runID int) map[syncchange.Status]int {
	rs := must(e.db.SyncChange.Query().Where(syncchange.RunID(runID)).All(e.ctx))
	out := map[syncchange.Status]int{}
	for _, r := range rs {
		out[r.Status]++
	}
	return out
}

// writes counts the simulator's write requests so far.
func writes(s *feishusim.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method != "GET" && !strings.Contains(r.Path, "tenant_access_token") && !strings.Contains(r.Path, "batch_get_id") {
			n++
		}
	}
	return n
}

func sameLines(t testing.TB, want, got []string) {
	t.Helper()
	if slices.Equal(want, got) {
		return
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("missing: %s", l)
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			t.Errorf("extra:   %s", l)
		}
	}
	t.FailNow()
}
