package orgsync_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"sort"
	"strconv"
	"testing"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/platform"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	wecomsim "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/worker/broker"
	"imbridge/worker/mirror"
	"imbridge/worker/orgsync"
)

// The same sync runs on every platform through the same engine: these
// tests are tables over the platforms' simulators (Feishu, WeCom), each
// seen through its own adapter and rendered in one neutral view, so a
// Feishu-shaped assumption in the engine fails on WeCom.

// platEnv is an env on one platform: the OA helpers of env (oaDept,
// oaUser, oaStatus, statuses) with the platform's directory and writer.
type platEnv struct {
	*env
	name   string
	dir    platform.Directory
	w      platform.DirectoryWriter
	view   func() []string // the IM directory as neutral lines
	writes func() int      // write requests the simulator answered
}

type platformCase struct {
	name string
	new  func(t *testing.T) *platEnv
}

func platforms() []platformCase {
	return []platformCase{{"feishu", newFeishuPlatEnv}, {"wecom", newWeComPlatEnv}}
}

func newFeishuPlatEnv(t *testing.T) *platEnv {
	e := newEnv(t, feishusim.Config{})
	return &platEnv{env: e, name: "feishu", dir: e.client, w: e.client,
		view: func() []string { return neutralFeishu(e.sim.Org().Snapshot()) }, writes: func() int { return writes(e.sim) }}
}

// newWeComPlatEnv: a WeCom corp on the simulator, read and written with
// the 通讯录同步 secret (the only one WeCom lets write contacts,
// path/90198), its sync profile as newEnv makes Feishu's.
func newWeComPlatEnv(t *testing.T) *platEnv {
	t.Helper()
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	org := wecomsim.NewOrg("Acme", "wwplatforms00000001")
	sim := wecomsim.New(wecomsim.Config{Org: org, PerMinute: -1, Apps: []wecomsim.App{{Secret: "sync", ContactSync: true}}})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	unlimited := map[string][]ratelimit.Limit{}
	for _, api := range []string{wecom.APIDepartmentList, wecom.APIDepartmentGet, wecom.APIDeptCreate, wecom.APIDeptUpdate, wecom.APIDeptDelete,
		wecom.APIUserList, wecom.APIUserGet, wecom.APIUserCreate, wecom.APIUserUpdate, wecom.APIUserDelete} {
		unlimited[api] = []ratelimit.Limit{}
	}
	c, err := wecom.New(wecom.Params{CorpID: org.CorpID, Secret: "sync", BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress,
		Limits: unlimited, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	corp := must(db.Client.Corp.Create().SetName("Acme").SetPlatform("wecom").SetCorpID(org.CorpID).Save(ctx))
	app := must(db.Client.App.Create().SetCorpID(corp.ID).SetName("通讯录同步").SetAppID("contact-sync").Save(ctx))
	prof := must(db.Client.SyncProfile.Create().SetCorpID(corp.ID).SetAppID(app.ID).SetMode("oa_to_im").
		SetPermission("read_write").SetCreateUsers(true).SetAutoBindField("mobile").Save(ctx))
	e := &env{t: t, db: db.Client, ctx: ctx, corp: corp, prof: prof}
	return &platEnv{env: e, name: "wecom", dir: c, w: c,
		view: func() []string { return neutralWeCom(org) },
		writes: func() int {
			n := 0
			for _, r := range sim.Requests() {
				switch r.API {
				case wecom.APIDeptCreate, wecom.APIDeptUpdate, wecom.APIDeptDelete, wecom.APIUserCreate, wecom.APIUserUpdate, wecom.APIUserDelete:
					n++
				}
			}
			return n
		}}
}

// pull mirrors the platform into the bridge.
func (e *platEnv) pull() {
	e.t.Helper()
	e.pulls++
	if _, err := mirror.Run(e.ctx, mirror.Params{Client: e.db, CorpID: e.corp.ID, RunID: 1_000_000 + e.pulls, Dir: e.dir,
		Top: platform.RootDepartmentID, Save: func(context.Context, []byte) error { return nil }}); err != nil {
		e.t.Fatalf("pull: %v", err)
	}
}

// start creates a run and executes it as the worker does (env.execute,
// on this platform's directory and writer).
func (e *platEnv) start(req orgsync.Request) *ent.SyncRun {
	e.t.Helper()
	req.CorpID = e.corp.ID
	run, err := orgsync.Create(e.ctx, e.db, req)
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := orgsync.Execute(e.ctx, orgsync.RunParams{DB: e.db, Run: run, Concurrency: 4, Lanes: orgsync.FeishuLanes(),
		Refresh: func(context.Context) error { e.pull(); return nil },
		Target: func(context.Context, *ent.SyncProfile) (orgsync.Target, error) {
			return &orgsync.IMTarget{W: e.w, CorpID: e.corp.ID, By: "test"}, nil
		}})
	if err != nil {
		e.t.Fatalf("%s: run: %v", e.name, err)
	}
	st := syncrun.StatusSucceeded
	if c.Failed > 0 {
		st = syncrun.StatusSucceededWithErrors
	}
	return must(e.db.SyncRun.UpdateOneID(run.ID).SetStatus(st).SetCounters(c).Save(e.ctx))
}

// neutralFeishu renders Feishu's directory as "D /path/" and
// "U name mobile status [paths]" lines (imView).
func neutralFeishu(s feishusim.Snapshot) []string { return imView(s) }

// neutralWeCom renders the WeCom corp in the same lines: the root (id 1)
// is "/", mobiles in E.164 (WeCom shows mainland numbers as 11 digits),
// enable 0 / status 2 is disabled, status 5 resigned.
func neutralWeCom(o *wecomsim.Org) []string {
	names := map[int]string{1: "/"}
	depts := o.Departments() // by id: a parent is created before its children
	for pass := 0; pass < len(depts); pass++ {
		done := true
		for _, d := range depts {
			if d.ID == 1 || names[d.ID] != "" {
				continue
			}
			if p, ok := names[d.ParentID]; ok {
				names[d.ID] = p + d.Name + "/"
			} else {
				done = false
			}
		}
		if done {
			break
		}
	}
	var out []string
	for _, d := range depts {
		if d.ID != 1 {
			out = append(out, "D "+names[d.ID])
		}
	}
	for _, u := range o.Users() {
		st := "active"
		switch {
		case u.Status == wecom.StatusLeftTheCorp:
			st = "resigned"
		case u.Status == wecom.StatusDisabled || u.Enable == 0:
			st = "disabled"
		}
		var deps []string
		for _, d := range u.Departments {
			deps = append(deps, names[d])
		}
		mobile := u.Mobile
		if _, err := strconv.Atoi(mobile); err == nil && len(mobile) == 11 {
			mobile = "+86" + mobile
		}
		out = append(out, fmt.Sprintf("U %s %s %s %v", u.Name, mobile, st, deps))
	}
	sort.Strings(out)
	return out
}

// TestOAToIMOnEveryPlatform: the OA org is created in the IM, what was
// created is bound, a second run writes nothing, and a change of title,
// department and status in the OA is carried over — on each platform.
func TestOAToIMOnEveryPlatform(t *testing.T) {
	for _, pc := range platforms() {
		t.Run(pc.name, func(t *testing.T) {
			e := pc.new(t)
			smallOA(e.env)
			run := e.start(orgsync.Request{})
			sameLines(t, []string{
				"D /总部/", "D /总部/研发/",
				"U 张三 +8613800000001 active [/总部/]",
				"U 李四 +8613800000002 active [/总部/研发/]",
				"U 王五 +8613800000003 active [/总部/研发/]",
			}, e.view())
			if st := e.statuses(run.ID); st[syncchange.StatusApplied] != 5 || len(st) != 1 {
				t.Fatalf("change statuses = %v, want 5 applied", st)
			}
			if n := must(e.db.Binding.Query().Where(binding.MethodEQ(binding.MethodCreated)).Count(e.ctx)); n != 5 {
				t.Fatalf("bindings made by the creates = %d, want 5 (2 departments, 3 users)", n)
			}
			before := e.writes()
			if run2 := e.start(orgsync.Request{}); run2.Total != 0 || e.writes() != before {
				for _, c := range must(e.db.SyncChange.Query().Where(syncchange.RunID(run2.ID)).All(e.ctx)) {
					t.Logf("%s %s %s: %s %v", c.Action, c.Target, c.Name, c.Reason, c.Diff)
				}
				t.Fatalf("second run planned %d changes and wrote %d times, want none", run2.Total, e.writes()-before)
			}

			// 王五 leaves the company in the OA: disabled in the IM, kept.
			e.oaStatus("U3", user.StatusDisabled)
			run3 := e.start(orgsync.Request{})
			if st := e.statuses(run3.ID); st[syncchange.StatusApplied] != 1 || len(st) != 1 {
				t.Fatalf("after a disable: change statuses = %v, want 1 applied", st)
			}
			sameLines(t, []string{
				"D /总部/", "D /总部/研发/",
				"U 张三 +8613800000001 active [/总部/]",
				"U 李四 +8613800000002 active [/总部/研发/]",
				"U 王五 +8613800000003 disabled [/总部/研发/]",
			}, e.view())
		})
	}
}
