package push_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/database"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/user"
	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	wecomsim "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/worker/broker"
	"imbridge/worker/push"
)

// The push tests that hold for every platform run over this table (issue
// 11: "the same sync, push and binding tests that run for Feishu run for
// WeCom"). Each platform's simulator sits behind imSim: what the test
// reads back (who received what) and the faults it injects, in the
// platform's own forms (Feishu: HTTP 5xx, 429 99991400, lost replies;
// WeCom: HTTP 5xx, 45009, lost replies).
var platforms = []string{"feishu", "wecom"}

// imSim is one platform's simulator as the shared tests use it.
type imSim interface {
	// people are the simulator's active members, in a stable order.
	people() []string
	// received counts the messages each member got.
	received() map[string]int
	// sent is a delivered message as the platform holds it: its type,
	// content and how many times it was updated.
	sent(platformMessageID string) (kind, content string, updates int, ok bool)
	// loseReplies loses the answer of applied sends with probability p.
	loseReplies(p float64)
	// lostReplies is how many answers were lost so far.
	lostReplies() int
	// hostile adds HTTP 5xx (rate), throttling every nth call and
	// expiring tokens.
	hostile(rate float64, throttleEvery int)
	// failSends makes the next n sends fail transiently, unapplied.
	failSends(n int)
	// refuse makes the platform refuse to deliver to a member (outside
	// the app's range, or left).
	refuse(userID string)
	// refusalCode is the platform's code for such a refusal.
	refusalCode() int
	// cardKind is the message type a to-do card is sent as.
	cardKind() string
	// batches is how many batch sends (several recipients in one call)
	// the platform answered.
	batches() int
	// recalled counts the messages recalled on the platform.
	recalled() int
}

type penv struct {
	*env
	platform string
	im       imSim
}

type pOptions struct {
	users  int
	params func(*push.Params)
	// attempts is the adapter's own attempts at a transient failure (0:
	// its default).
	attempts int
}

// newPlatformEnv is env (helpers_test.go) on the named platform's
// simulator: a tenant with one corp and app, an OA directory of the
// simulator's people (OA id "OA-"+userid) and an engine whose ops the
// test runs (run).
func newPlatformEnv(t *testing.T, name string, o pOptions) *penv {
	t.Helper()
	if o.users == 0 {
		o.users = 10
	}
	if name == "feishu" {
		e := newEnv(t, envOptions{users: o.users, params: o.params, retry: feishu.Retry{Attempts: o.attempts}})
		return &penv{env: e, platform: name, im: &feishuIM{e: e}}
	}
	return newWeComEnv(t, o)
}

func newWeComEnv(t *testing.T, o pOptions) *penv {
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
	org := wecomsim.NewOrg("示例科技", "wwpushplatforms")
	for i := range o.users {
		org.AddUser(wecomsim.User{UserID: fmt.Sprintf("u%04d", i), Name: fmt.Sprintf("成员%d", i), Departments: []int{1}, Status: 1, Enable: 1})
	}
	sim := wecomsim.New(wecomsim.Config{Org: org, PerMinute: -1, Apps: []wecomsim.App{{AgentID: 1000002, Secret: "secret-push"}}})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	signer, err := platform.NewActionSigner(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	client, err := wecom.New(wecom.Params{CorpID: org.CorpID, AgentID: "1000002", Secret: "secret-push", BaseURL: srv.URL,
		Broker: broker.OpenTest(t), Egress: simEgress, Actions: signer,
		Limits:       map[string][]ratelimit.Limit{wecom.APIMessageSend: {}, wecom.APIUpdateCard: {}, wecom.APIMessageRecall: {}},
		MemberLimits: []ratelimit.Limit{},
		Retry:        wecom.Retry{Attempts: o.attempts, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, ThrottleWait: 5 * time.Millisecond, Throttled: 10}})
	if err != nil {
		t.Fatal(err)
	}
	corp := db.Corp.Create().SetName("Acme").SetPlatform("wecom").SetCorpID(org.CorpID).SaveX(ctx)
	app := db.App.Create().SetCorpID(corp.ID).SetName("OA 助手").SetAppID("1000002").SaveX(ctx)
	e := &env{t: t, db: db, dbURL: dbURL, simURL: srv.URL, ctx: ctx, tenant: ten.ID, corp: corp, app: app, clock: &clock{}, signer: signer}
	e.eng = push.New(e.params(client, o.params))
	im := &wecomIM{sim: sim}
	oaDept := db.Department.Create().SetExternalID("OA-D1").SetName("总部").SaveX(ctx)
	var cs []*ent.UserCreate
	for _, u := range org.Users() {
		cs = append(cs, db.User.Create().SetExternalID("OA-"+u.UserID).SetName(u.Name))
	}
	for i := 0; i < len(cs); i += 500 {
		us := db.User.CreateBulk(cs[i:min(i+500, len(cs))]...).SaveX(ctx)
		var ms []*ent.MembershipCreate
		for _, u := range us {
			ms = append(ms, db.Membership.Create().SetUserID(u.ID).SetDepartmentID(oaDept.ID).SetPrimary(true))
		}
		db.Membership.CreateBulk(ms...).ExecX(ctx)
	}
	return &penv{env: e, platform: "wecom", im: im}
}

// ids are the platform's people (env.userIDs reads the Feishu org only).
func (p *penv) ids() []string { return p.im.people() }

// bindEveryone binds every person of the platform.
func (p *penv) bindEveryone() {
	oa := map[string]int{}
	for _, u := range p.db.User.Query().Where(user.CorpIDIsNil()).AllX(p.ctx) {
		oa[u.ExternalID] = u.ID
	}
	ids := p.ids()
	for i := 0; i < len(ids); i += 500 {
		var cs []*ent.UserCreate
		for _, id := range ids[i:min(i+500, len(ids))] {
			cs = append(cs, p.db.User.Create().SetCorpID(p.corp.ID).SetExternalID(id).SetName(id))
		}
		ims := p.db.User.CreateBulk(cs...).SaveX(p.ctx)
		var bs []*ent.BindingCreate
		for _, im := range ims {
			bs = append(bs, p.db.Binding.Create().SetCorpID(p.corp.ID).SetKind(binding.KindUser).SetOaUserID(oa["OA-"+im.ExternalID]).
				SetImUserID(im.ID).SetMethod(binding.MethodManual))
		}
		p.db.Binding.CreateBulk(bs...).ExecX(p.ctx)
	}
}

// exactlyOnce fails unless every person got exactly one message.
func (p *penv) exactlyOnce(t *testing.T) {
	t.Helper()
	got := p.im.received()
	for _, id := range p.ids() {
		if got[id] != 1 {
			t.Errorf("%s received %d messages, want exactly 1", id, got[id])
		}
	}
}

// eachPlatform runs a test once per platform.
func eachPlatform(t *testing.T, test func(t *testing.T, name string)) {
	for _, name := range platforms {
		t.Run(name, func(t *testing.T) { test(t, name) })
	}
}

// feishuIM is the Feishu simulator of an env.
type feishuIM struct{ e *env }

func (f *feishuIM) people() []string         { return f.e.userIDs() }
func (f *feishuIM) received() map[string]int { return f.e.received() }
func (f *feishuIM) sent(id string) (string, string, int, bool) {
	m, ok := f.e.sim.Message(id)
	return m.MsgType, m.Content, m.Updates, ok
}
func (f *feishuIM) loseReplies(p float64) { f.e.sim.SetLostReplyRate(p, feishusim.LostReplyDrop) }
func (f *feishuIM) lostReplies() int      { return f.e.sim.Stats().LostReplies }
func (f *feishuIM) hostile(rate float64, every int) {
	f.e.sim.SetErrorRate(rate, 3)
	f.e.sim.ThrottleEvery(every)
	f.e.sim.ExpireTokens("cli_push")
}
func (f *feishuIM) failSends(n int) {
	f.e.sim.InjectCode(feishusim.APIMessageCreate, n, http.StatusInternalServerError, 1000, "internal error")
}
func (f *feishuIM) refuse(userID string) {
	var others []string
	for _, id := range f.people() {
		if id != userID {
			others = append(others, id)
		}
	}
	f.e.sim.SetAvailability("cli_push", &feishusim.Availability{Users: others})
}
func (f *feishuIM) refusalCode() int { return 230013 }
func (f *feishuIM) cardKind() string { return "interactive" }
func (f *feishuIM) batches() int     { return f.e.sim.MessageStats().Batches }
func (f *feishuIM) recalled() int {
	n := 0
	for _, m := range f.e.sim.AllMessages() {
		if m.Recalled {
			n++
		}
	}
	return n
}

// wecomIM is the WeCom simulator.
type wecomIM struct{ sim *wecomsim.Server }

func (w *wecomIM) people() []string {
	var out []string
	for _, u := range w.sim.Org().Users() {
		if u.Status == 1 {
			out = append(out, u.UserID)
		}
	}
	return out
}

func (w *wecomIM) received() map[string]int {
	out := map[string]int{}
	for _, m := range w.sim.Messages() {
		for _, u := range m.To {
			out[u]++
		}
	}
	return out
}

// sent finds a message by the msgid a delivery's id starts with ("msgid"
// or "msgid|userid|response_code", platform/wecom/messenger.go).
func (w *wecomIM) sent(id string) (string, string, int, bool) {
	msgID, _, _ := strings.Cut(id, "|")
	for _, m := range w.sim.Messages() {
		if m.MsgID == msgID {
			return m.MsgType, string(m.Content), m.Updated, true
		}
	}
	return "", "", 0, false
}
func (w *wecomIM) loseReplies(p float64) { w.sim.SetFaults(wecomsim.Faults{LostReplyRate: p, Seed: 3}) }
func (w *wecomIM) lostReplies() int      { return w.sim.FaultStats().LostReplies }
func (w *wecomIM) hostile(rate float64, every int) {
	w.sim.SetFaults(wecomsim.Faults{ErrorRate: rate, LostReplyRate: rate, ThrottleEvery: every, Seed: 3})
	w.sim.ExpireTokens()
}
func (w *wecomIM) failSends(n int) {
	codes := make([]int, n)
	for i := range codes {
		codes[i] = -1 // 系统繁忙: transient, the call not applied
	}
	w.sim.Inject(codes...)
}
func (w *wecomIM) refuse(userID string) {
	w.sim.Org().UpdateUser(userID, func(u *wecomsim.User) { u.Status = 2 }) // disabled: invaliduser
}
func (w *wecomIM) refusalCode() int { return 81013 }
func (w *wecomIM) cardKind() string { return "template_card" }
func (w *wecomIM) batches() int {
	n := 0
	for _, m := range w.sim.Messages() {
		if len(m.To)+len(m.Dropped) > 1 {
			n++
		}
	}
	return n
}

func (w *wecomIM) recalled() int {
	n := 0
	for _, m := range w.sim.Messages() {
		if m.Recalled {
			n++
		}
	}
	return n
}
