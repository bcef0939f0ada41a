package push_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/pushtarget"
	"imbridge/platform"
	"imbridge/platform/ratelimit"
	wecomsim "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/platform/wecom/callback"
	"imbridge/worker/broker"
	"imbridge/worker/push"
	"imbridge/worker/webhook"
)

// The WXBizMsgCrypt sample credentials, as the app's callback Token and
// EncodingAESKey.
const (
	wecomToken  = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
	wecomAESKey = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
)

// Quick approval on a WeCom corp through the same engine as Feishu's: the
// to-do goes out as a button card, the member's click comes back as an
// encrypted template_card_event to /callback/wecom/{app} (the callback
// handler as routes.go mounts it, quick approval on), the decision goes to
// the OA as the signed message.action webhook, and the card's buttons
// become the outcome through the click's response_code.
func TestQuickApprovalOnWeCom(t *testing.T) {
	db := dbtest.Open(t).Client
	ten, ctx := dbtest.Tenant(t, db, "acme")
	org := wecomsim.NewOrg("示例科技", "wwpushquick")
	people := []string{"alice", "bob"}
	for _, id := range people {
		org.AddUser(wecomsim.User{UserID: id, Name: id, Departments: []int{1}, Status: 1, Enable: 1})
	}
	sim := wecomsim.New(wecomsim.Config{Org: org, PerMinute: -1, Apps: []wecomsim.App{{AgentID: 1000002, Secret: "app"}}})
	simSrv := httptest.NewServer(sim)
	t.Cleanup(func() { simSrv.Close(); sim.Close() })
	signer, err := platform.NewActionSigner(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	b := broker.OpenTest(t)
	client, err := wecom.New(wecom.Params{CorpID: org.CorpID, AgentID: "1000002", Secret: "app", BaseURL: simSrv.URL, Broker: b,
		Egress: simEgress, Actions: signer, Limits: map[string][]ratelimit.Limit{wecom.APIMessageSend: {}, wecom.APIUpdateCard: {}}})
	if err != nil {
		t.Fatal(err)
	}
	corp := db.Corp.Create().SetName("Acme").SetPlatform("wecom").SetCorpID(org.CorpID).SaveX(ctx)
	app := db.App.Create().SetCorpID(corp.ID).SetName("OA 助手").SetAppID("1000002").SaveX(ctx)
	oaDept := db.Department.Create().SetExternalID("OA-D1").SetName("总部").SaveX(ctx)
	for _, id := range people {
		oa := db.User.Create().SetExternalID("OA-" + id).SetName(id).SaveX(ctx)
		db.Membership.Create().SetUserID(oa.ID).SetDepartmentID(oaDept.ID).SetPrimary(true).SaveX(ctx)
		im := db.User.Create().SetCorpID(corp.ID).SetExternalID(id).SetName(id).SaveX(ctx)
		db.Binding.Create().SetCorpID(corp.ID).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).SetMethod(binding.MethodManual).SaveX(ctx)
	}
	var mu sync.Mutex
	var ops []scheduled
	type cardUpdate struct {
		delivery int
		token    string
	}
	var cards []cardUpdate
	eng := push.New(push.Params{
		DB: db,
		Messenger: func(context.Context, *ent.App, *ent.Corp) (platform.Messenger, error) {
			return client, nil
		},
		Schedule: func(_ context.Context, _ int, msg int, op push.Op) error {
			mu.Lock()
			ops = append(ops, scheduled{msg, op})
			mu.Unlock()
			return nil
		},
		ScheduleCard: func(_ context.Context, _ int, d int, token string) error {
			mu.Lock()
			cards = append(cards, cardUpdate{d, token})
			mu.Unlock()
			return nil
		},
		Webhooks: &webhook.Publisher{DB: db},
		Backoff:  func(int) time.Duration { return time.Millisecond },
	})
	cb := callback.NewHandler(callback.Params{
		Lookup: func(context.Context, string) (callback.AppKeys, error) {
			return callback.AppKeys{TenantID: ten.ID, AppID: app.ID, CorpID: org.CorpID, Token: wecomToken, EncodingAESKey: wecomAESKey}, nil
		},
		Deliver: func(context.Context, callback.AppKeys, callback.Event) error { return nil },
		OnCardAction: func(ctx context.Context, keys callback.AppKeys, a platform.CardAction) error {
			_, err := eng.OnCardAction(ctx, keys.TenantID, keys.AppID, a)
			return err
		},
		Actions: signer, Broker: b,
	})
	cbSrv := httptest.NewServer(cb)
	t.Cleanup(cbSrv.Close)
	sim.SetCallback("app", cbSrv.URL, wecomToken, wecomAESKey)

	ep := db.WebhookEndpoint.Create().SetName("OA").SetURL("https://oa.example.com/hook").SaveX(ctx)
	r := db.PushRule.Create().SetName("审批").SetSource("审批").SaveX(ctx)
	db.PushTarget.Create().SetRuleID(r.ID).SetAppID(app.ID).SetMessageType(pushtarget.MessageTypeTodo).SetQuickApproval(true).SaveX(ctx)
	in := everyone("wq", "审批")
	in.Link = "https://oa.example.com/todo/wq" // a WeCom card opens a page (card_action)
	m, err := eng.Push(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	for len(ops) > 0 {
		batch := ops
		ops = nil
		for _, s := range batch {
			if s.op == push.OpDeliver {
				if err := eng.Deliver(context.Background(), ten.ID, s.msg); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	sent := map[string]wecomsim.Message{}
	for _, sm := range sim.Messages() {
		sent[sm.To[0]] = sm
	}
	if len(sent) != 2 {
		for _, d := range m.QueryDeliveries().AllX(ctx) {
			t.Logf("%+v", d)
		}
	}
	if len(sent) != 2 || !strings.Contains(string(sent["alice"].Content), `"card_type":"button_interaction"`) {
		t.Fatalf("sent: %+v", sim.Messages())
	}
	keys, err := sim.CardButtons(sent["alice"].MsgID)
	if err != nil || len(keys) != 2 {
		t.Fatalf("buttons: %v %v", keys, err)
	}

	// alice approves in WeCom.
	if status, err := sim.ClickCard(sent["alice"].MsgID, "alice", keys[0]); err != nil || status != http.StatusOK {
		t.Fatalf("click: %d %v", status, err)
	}
	hooks := ep.QueryDeliveries().AllX(ctx)
	if len(hooks) != 1 || hooks[0].Type != "message.action" || !strings.Contains(hooks[0].Payload, `"decision":"approve"`) ||
		!strings.Contains(hooks[0].Payload, `"user":"OA-alice"`) || !strings.Contains(hooks[0].Payload, `"message_id":`) {
		t.Fatalf("webhooks to the OA: %+v", hooks)
	}
	if len(cards) != 1 || !strings.HasPrefix(cards[0].token, "alice|") {
		t.Fatalf("card updates scheduled: %+v", cards)
	}
	if err := eng.UpdateClickedCard(context.Background(), ten.ID, cards[0].delivery, cards[0].token); err != nil {
		t.Fatal(err)
	}
	if got := lastSent(sim, sent["alice"].MsgID); got.ReplacedButton != "已同意" {
		t.Fatalf("alice's card after her decision: %+v", got)
	}
	// bob's card is untouched, and his delivery records no decision.
	if got := lastSent(sim, sent["bob"].MsgID); got.ReplacedButton != "" || got.Updated != 0 {
		t.Fatalf("bob's card: %+v", got)
	}
	for _, d := range m.QueryDeliveries().AllX(ctx) {
		if want := map[string]string{"OA-alice": platform.DecisionApprove, "OA-bob": ""}[d.Recipient]; d.Action != want {
			t.Fatalf("%s: action %q, want %q", d.Recipient, d.Action, want)
		}
	}
}

func lastSent(s *wecomsim.Server, id string) wecomsim.Message {
	for _, m := range s.Messages() {
		if m.MsgID == id {
			return m
		}
	}
	return wecomsim.Message{}
}
