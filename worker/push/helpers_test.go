package push_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/database"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/pushtarget"
	"imbridge/ent/user"
	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
	"imbridge/worker/push"
	"imbridge/worker/webhook"
)

var simEgress = egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")})

// clock is the real clock moved ahead by what the test advanced it.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// scheduled is one op the engine asked to be queued.
type scheduled struct {
	msg int
	op  push.Op
}

// env is a tenant with a Feishu corp and app on the simulator, an OA
// directory of the simulator's people (OA id "OA-"+user_id), and an engine
// whose scheduled ops the test runs itself (run).
type env struct {
	t      testing.TB
	db     *ent.Client
	dbURL  string // for another process (kill9_test.go)
	simURL string
	ctx    context.Context
	tenant int
	sim    *feishusim.Server
	org    *feishusim.Org
	client *feishu.Client
	corp   *ent.Corp
	app    *ent.App
	eng    *push.Engine
	clock  *clock
	signer *platform.ActionSigner

	mu    sync.Mutex
	ops   []scheduled
	cards []int
}

type envOptions struct {
	users  int
	sim    feishusim.Config
	limits map[string][]ratelimit.Limit // nil: no client-side limits
	params func(*push.Params)
	retry  feishu.Retry // the adapter's own retries
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	if o.users == 0 {
		o.users = 10
	}
	dbURL := dbtest.FreshURL(t)
	dbh, err := database.Open(dbURL, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dbh.Close() })
	if err := dbh.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	db := dbh.Client
	ten, ctx := dbtest.Tenant(t, db, "acme")
	org := feishusim.Generate(feishusim.GenOptions{Users: o.users, Departments: 4, Seed: 7})
	cfg := o.sim
	cfg.Org = org
	if cfg.RateLimit.Default == (feishusim.Limit{}) && cfg.RateLimit.PerAPI == nil && o.limits == nil {
		cfg.RateLimit.Disabled = true
	}
	cfg.Apps = []feishusim.App{{ID: "cli_push", Secret: "secret-push"}}
	sim := feishusim.New(cfg)
	t.Cleanup(sim.Close)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	signer, err := platform.NewActionSigner(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	limits := o.limits
	if limits == nil {
		limits = map[string][]ratelimit.Limit{}
		for _, api := range []string{feishu.APICreateMessage, feishu.APIMessagePerRecipient, feishu.APIPatchMessage, feishu.APIPatchPerMessage,
			feishu.APIBatchSend, feishu.APIDeleteMessage, feishu.APIBatchRecall, feishu.APICardUpdate} {
			limits[api] = []ratelimit.Limit{}
		}
	}
	client, err := feishu.New(feishu.Params{AppID: "cli_push", AppSecret: "secret-push", BaseURL: srv.URL, Broker: broker.OpenTest(t),
		Limits: limits, Egress: simEgress, Actions: signer, Retry: o.retry})
	if err != nil {
		t.Fatal(err)
	}
	corp := db.Corp.Create().SetName("Acme").SetPlatform("feishu").SaveX(ctx)
	app := db.App.Create().SetCorpID(corp.ID).SetName("OA 助手").SetAppID("cli_push").SaveX(ctx)
	e := &env{t: t, db: db, dbURL: dbURL, simURL: srv.URL, ctx: ctx, tenant: ten.ID, sim: sim, org: org, client: client, corp: corp, app: app,
		clock: &clock{}, signer: signer}
	e.eng = push.New(e.params(client, o.params))
	// The OA directory: everyone of the simulator, one department.
	oaDept := db.Department.Create().SetExternalID("OA-D1").SetName("总部").SaveX(ctx)
	ids := e.userIDs()
	for i := 0; i < len(ids); i += 500 {
		var cs []*ent.UserCreate
		for _, id := range ids[i:min(i+500, len(ids))] {
			u, _ := org.User(id)
			cs = append(cs, db.User.Create().SetExternalID("OA-"+id).SetName(u.Name))
		}
		us := db.User.CreateBulk(cs...).SaveX(ctx)
		var ms []*ent.MembershipCreate
		for _, u := range us {
			ms = append(ms, db.Membership.Create().SetUserID(u.ID).SetDepartmentID(oaDept.ID).SetPrimary(true))
		}
		db.Membership.CreateBulk(ms...).ExecX(ctx)
	}
	return e
}

// userIDs are the simulator's current people, in a stable order.
func (e *env) userIDs() []string {
	var ids []string
	for _, u := range e.org.Snapshot().Users {
		if !u.Resigned {
			ids = append(ids, u.UserID)
		}
	}
	return ids
}

// bind mirrors a simulator person into the corp and binds her OA account.
func (e *env) bind(userID string) *ent.User {
	e.t.Helper()
	oa := e.db.User.Query().Where(user.CorpIDIsNil(), user.ExternalID("OA-"+userID)).OnlyX(e.ctx)
	im := e.db.User.Create().SetCorpID(e.corp.ID).SetExternalID(userID).SetName(oa.Name).SaveX(e.ctx)
	e.db.Binding.Create().SetCorpID(e.corp.ID).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).
		SetMethod(binding.MethodManual).SaveX(e.ctx)
	return im
}

// bindAll binds everyone.
func (e *env) bindAll() {
	ids := e.userIDs()
	oa := map[string]int{}
	for _, u := range e.db.User.Query().Where(user.CorpIDIsNil()).AllX(e.ctx) {
		oa[u.ExternalID] = u.ID
	}
	for i := 0; i < len(ids); i += 500 {
		var cs []*ent.UserCreate
		for _, id := range ids[i:min(i+500, len(ids))] {
			cs = append(cs, e.db.User.Create().SetCorpID(e.corp.ID).SetExternalID(id).SetName(id))
		}
		ims := e.db.User.CreateBulk(cs...).SaveX(e.ctx)
		var bs []*ent.BindingCreate
		for _, im := range ims {
			bs = append(bs, e.db.Binding.Create().SetCorpID(e.corp.ID).SetKind(binding.KindUser).SetOaUserID(oa["OA-"+im.ExternalID]).
				SetImUserID(im.ID).SetMethod(binding.MethodManual))
		}
		e.db.Binding.CreateBulk(bs...).ExecX(e.ctx)
	}
}

// rule creates an enabled rule with one target on the app.
func (e *env) rule(source string, typ pushtarget.MessageType, quick bool) *ent.PushRule {
	e.t.Helper()
	r := e.db.PushRule.Create().SetName("rule " + source + " " + string(typ)).SetSource(source).SaveX(e.ctx)
	e.db.PushTarget.Create().SetRuleID(r.ID).SetAppID(e.app.ID).SetMessageType(typ).SetQuickApproval(quick).SaveX(e.ctx)
	return r
}

// push pushes and fails the test on an error.
func (e *env) push(in push.Input) *ent.Message {
	e.t.Helper()
	m, err := e.eng.Push(e.ctx, in)
	if err != nil {
		e.t.Fatalf("push: %v", err)
	}
	return m
}

// run runs every scheduled op (and what they schedule) to the end.
func (e *env) run() {
	e.t.Helper()
	for range 100 {
		e.mu.Lock()
		ops := e.ops
		e.ops = nil
		e.mu.Unlock()
		if len(ops) == 0 {
			return
		}
		for _, s := range ops {
			var err error
			switch s.op {
			case push.OpDeliver:
				err = e.eng.Deliver(context.Background(), e.tenant, s.msg)
			case push.OpComplete:
				err = e.eng.Complete(context.Background(), e.tenant, s.msg)
			case push.OpRecall:
				err = e.eng.Withdraw(context.Background(), e.tenant, s.msg)
			case push.OpApproval:
				err = e.eng.SyncApprovals(context.Background(), e.tenant, s.msg)
			}
			if err != nil {
				e.t.Fatalf("%s of message %d: %v", s.op, s.msg, err)
			}
		}
	}
	e.t.Fatal("ops keep scheduling ops")
}

// message reads a message back.
func (e *env) message(id int) *ent.Message {
	e.t.Helper()
	return e.db.Message.GetX(e.ctx, id)
}

// deliveries lists a message's deliveries by recipient.
func (e *env) deliveries(id int) map[string]*ent.Delivery {
	e.t.Helper()
	out := map[string]*ent.Delivery{}
	for _, d := range e.db.Message.GetX(e.ctx, id).QueryDeliveries().AllX(e.ctx) {
		k := d.Recipient
		if _, dup := out[k]; dup {
			k = fmt.Sprintf("%s#%s", d.Recipient, d.TargetKey)
		}
		out[k] = d
	}
	return out
}

// received counts the messages each simulator person got.
func (e *env) received() map[string]int {
	out := map[string]int{}
	for _, m := range e.sim.AllMessages() {
		out[m.UserID]++
	}
	return out
}

// params are the engine's parameters over messenger: the env records
// what the engine schedules (ops and card updates) instead of enqueueing
// it, its clock is the test's, and retries wait a millisecond; tune
// changes them for one test (nil: none).
func (e *env) params(messenger platform.Messenger, tune func(*push.Params)) push.Params {
	p := push.Params{
		DB: e.db,
		Messenger: func(context.Context, *ent.App, *ent.Corp) (platform.Messenger, error) {
			return messenger, nil
		},
		Schedule: func(_ context.Context, _ int, msg int, op push.Op) error {
			e.mu.Lock()
			e.ops = append(e.ops, scheduled{msg, op})
			e.mu.Unlock()
			return nil
		},
		ScheduleCard: func(_ context.Context, _ int, d int, _ string) error {
			e.mu.Lock()
			e.cards = append(e.cards, d)
			e.mu.Unlock()
			return nil
		},
		Webhooks: &webhook.Publisher{DB: e.db},
		Now:      e.clock.Now,
		Backoff:  func(int) time.Duration { return time.Millisecond },
	}
	if tune != nil {
		tune(&p)
	}
	return p
}
