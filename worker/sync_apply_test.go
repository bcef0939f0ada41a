package worker

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/binding"
	"imbridge/ent/database"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/detail"
	"imbridge/ent/hook"
	"imbridge/ent/seal"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
	"imbridge/worker/mirror"
	"imbridge/worker/orgsync"
	"imbridge/worker/progress"
)

// syncApplyEnv is an oa_to_im run of about 300 changes (creates, field
// updates, moves, disables) ready to execute through the job handler.
type syncApplyEnv struct {
	db        *database.DB
	ctx       context.Context
	tenant    *ent.Tenant
	b         *broker.Broker
	platforms *appclient.Factory
	run       *ent.SyncRun
	quiet     *slog.Logger
}

func newSyncApplyEnv(t *testing.T) *syncApplyEnv {
	t.Helper()
	db := dbtest.Open(t)
	tn, ctx := dbtest.Tenant(t, db.Client, "acme")
	b := broker.OpenTest(t)
	const appID, secret = "cli_syncapply", "secret-syncapply"
	sim := feishusim.New(feishusim.Config{Apps: []feishusim.App{{ID: appID, Secret: secret}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	t.Cleanup(sim.Close)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	sealer, err := seal.New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	c := db.Client.Corp.Create().SetName("Acme").SetPlatform("feishu").SetAPIBaseURL(srv.URL).SaveX(ctx)
	a := db.Client.App.Create().SetCorpID(c.ID).SetName("OA").SetAppID(appID).
		SetAppSecretSealed(sealer.Seal(app.FieldAppSecretSealed, secret)).SetSecretsBaseURL(appclient.BaseURL(c)).SaveX(ctx)
	db.Client.SyncProfile.Create().SetCorpID(c.ID).SetAppID(a.ID).SetMode("oa_to_im").SetPermission("read_write").
		SetCreateUsers(true).SetAutoBindField("mobile").ExecX(ctx)
	limits := map[string][]ratelimit.Limit{}
	for _, api := range []string{feishu.APIChildren, feishu.APIFindByDepartment, feishu.APIGetDepartment, feishu.APIGetUser,
		feishu.APIPatchDepartment, feishu.APICreateDepartment, feishu.APIDeleteDepartment, feishu.APICreateUser, feishu.APIPatchUser,
		feishu.APIDeleteUser, feishu.APIResurrectUser, feishu.APIPatchUserMembership, feishu.APIBatchGetID} {
		limits[api] = []ratelimit.Limit{}
	}
	platforms := &appclient.Factory{Sealer: sealer, Broker: b, Egress: egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")}), Limits: limits}

	// Feishu: a company of four departments and 150 people; the OA: the
	// same people, 60 with a new title, 30 moved, 10 disabled, and 100 new
	// people.
	org := sim.Org()
	top, err := org.CreateDepartment(feishusim.Department{Name: "公司", ParentID: "0"})
	if err != nil {
		t.Fatal(err)
	}
	oaTop := db.Client.Department.Create().SetExternalID("C").SetName("公司").SaveX(ctx)
	var imDepts []string
	var oaDepts []int
	for i := range 4 {
		d, err := org.CreateDepartment(feishusim.Department{Name: fmt.Sprint("部门", i), ParentID: top.DepartmentID})
		if err != nil {
			t.Fatal(err)
		}
		imDepts = append(imDepts, d.DepartmentID)
		oaDepts = append(oaDepts, db.Client.Department.Create().SetExternalID(fmt.Sprint("D", i)).SetName(fmt.Sprint("部门", i)).SetParentID(oaTop.ID).SaveX(ctx).ID)
	}
	oaByMobile := map[string]int{}
	add := func(key, name, mobile, title string, dept int, st user.Status) {
		u := db.Client.User.Create().SetExternalID(key).SetName(name).SetMobile(mobile).SetTitle(title).SetStatus(st).SaveX(ctx)
		db.Client.Membership.Create().SetUserID(u.ID).SetDepartmentID(oaDepts[dept]).SetPrimary(true).ExecX(ctx)
		oaByMobile[mobile] = u.ID
	}
	for i := range 150 {
		mobile := fmt.Sprintf("+86137%08d", i)
		if _, err := org.CreateUser(feishusim.User{Name: fmt.Sprint("员工", i), Mobile: mobile, JobTitle: "工程师", DepartmentIDs: []string{imDepts[i%4]}}); err != nil {
			t.Fatal(err)
		}
		title, dept, st := "工程师", i%4, user.StatusActive
		switch {
		case i < 60:
			title = "高级工程师"
		case i < 90:
			dept = (i + 1) % 4
		case i < 100:
			st = user.StatusDisabled
		}
		add(fmt.Sprintf("E%04d", i), fmt.Sprint("员工", i), mobile, title, dept, st)
	}
	for i := range 100 {
		add(fmt.Sprintf("N%04d", i), fmt.Sprint("新员工", i), fmt.Sprintf("+86136%08d", i), "", i%4, user.StatusActive)
	}
	// The mirror, and the people bound (a first sync did that).
	dir, err := platforms.Directory(a, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mirror.Run(ctx, mirror.Params{Client: db.Client, CorpID: c.ID, RunID: 999_999, Dir: dir, Top: "0",
		Save: func(context.Context, []byte) error { return nil }}); err != nil {
		t.Fatal(err)
	}
	for _, u := range db.Client.User.Query().Where(user.CorpID(c.ID)).AllX(ctx) {
		if id, ok := oaByMobile[u.Mobile]; ok {
			db.Client.Binding.Create().SetCorpID(c.ID).SetKind(binding.KindUser).SetOaUserID(id).SetImUserID(u.ID).SetMethod(binding.MethodManual).ExecX(ctx)
		}
	}
	// 30 ms away: the apply lasts long enough for the stream's pace.
	sim.SetLatency(30 * time.Millisecond)
	run, err := orgsync.Create(ctx, db.Client, orgsync.Request{CorpID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	return &syncApplyEnv{db: db, ctx: ctx, tenant: tn, b: b, platforms: platforms, run: run,
		quiet: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// TestSyncApplyProgressAndKilledAttempt: an apply reports its progress as
// it goes — in the live stream (the progress store a subscription reads)
// and in the run's row — and a worker killed mid-apply (kill -9: nothing
// after its last write runs) leaves an attempt that the next one settles:
// it ended when its last change was recorded, not microseconds after it
// began, and its counters are what it recorded, moves included. Every
// change is counted once over the two attempts.
func TestSyncApplyProgressAndKilledAttempt(t *testing.T) {
	e := newSyncApplyEnv(t)
	db, ctx := e.db, e.ctx
	task, err := newRunTask(TypeSync, RunPayload{TenantID: e.tenant.ID, RunID: e.run.ID})
	if err != nil {
		t.Fatal(err)
	}

	// Live events, as the GraphQL subscription receives them.
	hub := progress.NewHub(progress.HubParams{Broker: e.b, Logger: e.quiet})
	if err := hub.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hub.Stop)
	events, unsubscribe := hub.Subscribe(e.tenant.ID, e.run.ID)
	t.Cleanup(unsubscribe)
	var mu sync.Mutex
	var live []progress.Event
	go func() {
		for ev := range events {
			mu.Lock()
			live = append(live, ev)
			mu.Unlock()
		}
	}()

	// The first worker dies right after its third stored checkpoint of the
	// apply phase.
	dying := ent.NewClient(ent.Driver(entsql.OpenDB(db.Dialect, db.SQL)))
	var saves atomic.Int32
	dying.SyncRun.Use(func(next ent.Mutator) ent.Mutator {
		return hook.SyncRunFunc(func(ctx context.Context, m *ent.SyncRunMutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if ph, ok := m.Phase(); ok && ph == orgsync.PhaseApply && err == nil && saves.Add(1) == 3 {
				runtime.Goexit()
			}
			return v, err
		})
	})
	first := NewServer(ServerParams{Broker: e.b, DB: dying, Client: NewClient(e.b), Logger: e.quiet, Platforms: e.platforms, Name: "worker-1"})
	died := make(chan error, 1)
	go func() {
		defer close(died)
		died <- first.runHandler(syncRun)(context.Background(), task)
	}()
	select {
	case err, finished := <-died:
		if finished {
			t.Fatalf("the first attempt was not killed: it returned %v", err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the first attempt neither died nor finished")
	}
	time.Sleep(200 * time.Millisecond) // writes in flight at the kill end (their context is cancelled)

	mid := db.Client.SyncRun.GetX(ctx, e.run.ID)
	if mid.Status != syncrun.StatusRunning || mid.Phase != orgsync.PhaseApply || mid.Done == 0 || mid.Done >= mid.Total ||
		len(mid.Attempts) != 1 || mid.Attempts[0].Counters == (detail.Counters{}) || mid.Counters != mid.Attempts[0].Counters {
		t.Fatalf("the row mid-apply: status %s phase %s done %d/%d counters %+v attempts %+v", mid.Status, mid.Phase, mid.Done, mid.Total, mid.Counters, mid.Attempts)
	}
	last, err := progress.Last(ctx, e.b, e.run.ID)
	if err != nil || last == nil || last.Phase != orgsync.PhaseApply || last.Done == 0 || last.Counters == (detail.Counters{}) {
		t.Fatalf("the progress store mid-apply: %+v, %v (the row has done %d)", last, err, mid.Done)
	}

	time.Sleep(10 * time.Millisecond) // the second attempt starts visibly later
	second := NewServer(ServerParams{Broker: e.b, DB: db.Client, Client: NewClient(e.b), Logger: e.quiet, Platforms: e.platforms, Name: "worker-2"})
	if err := second.runHandler(syncRun)(context.Background(), task); err != nil {
		t.Fatal(err)
	}
	done := db.Client.SyncRun.GetX(ctx, e.run.ID)
	if done.Status != syncrun.StatusSucceeded || done.Done != done.Total {
		t.Fatalf("status %s, done %d/%d: %s", done.Status, done.Done, done.Total, done.Error)
	}

	// The live stream showed the apply advancing with its counters.
	time.Sleep(100 * time.Millisecond)
	mu.Lock()
	var advancing int
	prev := -1
	for _, ev := range live {
		if ev.Phase == orgsync.PhaseApply && ev.Status == string(syncrun.StatusRunning) && ev.Done > 0 && ev.Done < ev.Total {
			if ev.Counters == (detail.Counters{}) {
				t.Errorf("a live apply event with %d done has no counters", ev.Done)
			}
			if ev.Done != prev {
				advancing++
			}
			prev = ev.Done
		}
	}
	mu.Unlock()
	if advancing < 2 {
		t.Fatalf("the live stream showed %d distinct steps of the apply: %+v", advancing, live)
	}

	// Attempts: the first interrupted when its last change was recorded.
	if len(done.Attempts) != 2 {
		t.Fatalf("attempts: %+v", done.Attempts)
	}
	a1, a2 := done.Attempts[0], done.Attempts[1]
	if a1.Outcome != detail.AttemptInterrupted || a1.EndedAt == nil || a2.Outcome != detail.AttemptSucceeded {
		t.Fatalf("attempts: %+v", done.Attempts)
	}
	rows := db.Client.SyncChange.Query().Where(syncchange.RunID(e.run.ID)).AllX(ctx)
	var lastOfFirst time.Time
	var recordedByFirst int
	byAction := map[syncchange.Action]int{}
	for _, r := range rows {
		if r.Status != syncchange.StatusApplied || r.AppliedAt == nil {
			t.Fatalf("change #%d %s: %s %s", r.Ordinal, r.Action, r.Status, r.Message)
		}
		byAction[r.Action]++
		if r.AppliedAt.Before(a2.StartedAt) {
			recordedByFirst++
			if r.AppliedAt.After(lastOfFirst) {
				lastOfFirst = *r.AppliedAt
			}
		}
	}
	if recordedByFirst == 0 || !a1.EndedAt.Equal(lastOfFirst) || a1.EndedAt.Sub(a1.StartedAt) < time.Millisecond {
		t.Fatalf("the first attempt ran %v–%v; its last change was recorded at %v (%d changes)", a1.StartedAt, a1.EndedAt, lastOfFirst, recordedByFirst)
	}
	sum1 := a1.Counters.Created + a1.Counters.Updated + a1.Counters.Moved + a1.Counters.Removed
	if sum1 != recordedByFirst {
		t.Fatalf("the first attempt's counters %+v count %d changes; it recorded %d", a1.Counters, sum1, recordedByFirst)
	}
	if sum := a1.Counters.Add(a2.Counters); done.Counters != sum {
		t.Fatalf("run counters %+v, the sum of its attempts %+v", done.Counters, sum)
	}
	want := detail.Counters{
		Created: byAction[syncchange.ActionCreateUser] + byAction[syncchange.ActionCreateDepartment],
		Updated: byAction[syncchange.ActionUpdateUser] + byAction[syncchange.ActionBindUser] + byAction[syncchange.ActionBindDepartment],
		Moved:   byAction[syncchange.ActionMoveUser],
		Removed: byAction[syncchange.ActionDisableUser],
	}
	if want.Moved != 30 || want.Removed != 10 || done.Counters != want {
		t.Fatalf("run counters %+v; its changes by action %v", done.Counters, byAction)
	}
}
