package wecom_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"imbridge/platform"
	simwecom "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/platform/wecom/callback"
)

// The WXBizMsgCrypt sample credentials (callback/crypto_test.go).
const (
	cbToken  = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
	cbAESKey = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
)

// quickEnv: the simulator with alice and bob, the app's callback served by
// callback.NewHandler with quick approval on, the clicks it hands over.
type quickEnv struct {
	*env
	signer *platform.ActionSigner
	mu     sync.Mutex
	acts   []platform.CardAction
	events int // other events delivered
}

func newQuickEnv(t *testing.T) *quickEnv {
	org := simwecom.NewOrg("示例科技", "wwquick")
	for _, id := range []string{"alice", "bob"} {
		org.AddUser(simwecom.User{UserID: id, Name: id, Departments: []int{1}, Status: 1, Enable: 1})
	}
	q := &quickEnv{env: newEnv(t, org)}
	q.signer, _ = platform.NewActionSigner([]byte(strings.Repeat("k", 32)))
	h := callback.NewHandler(callback.Params{
		Lookup: func(context.Context, string) (callback.AppKeys, error) {
			return callback.AppKeys{TenantID: 1, AppID: 9, CorpID: org.CorpID, Token: cbToken, EncodingAESKey: cbAESKey}, nil
		},
		Deliver: func(context.Context, callback.AppKeys, callback.Event) error {
			q.mu.Lock()
			q.events++
			q.mu.Unlock()
			return nil
		},
		OnCardAction: func(_ context.Context, keys callback.AppKeys, a platform.CardAction) error {
			if keys.AppID != 9 {
				t.Errorf("click for app %d", keys.AppID)
			}
			q.mu.Lock()
			q.acts = append(q.acts, a)
			q.mu.Unlock()
			return nil
		},
		Actions: q.signer, Broker: q.b,
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	q.sim.SetCallback(appSecret, srv.URL, cbToken, cbAESKey)
	return q
}

func (q *quickEnv) actions() []platform.CardAction {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]platform.CardAction(nil), q.acts...)
}

func todoWithButtons(to platform.Recipient) *platform.Card {
	return &platform.Card{Kind: platform.CardTodo, Title: "请假审批：张三 3 天", Text: "待你审批",
		Fields: []platform.CardField{{Label: "类型", Value: "年假"}}, Link: &platform.Link{URL: "https://oa.example.com/todo/1"},
		Buttons: platform.QuickApproval("42", to)}
}

// Quick approval end to end on WeCom: the to-do goes as a button card
// with sealed keys, a click comes back as an encrypted template_card_event
// and is handed over verified, and its response_code turns the buttons
// into the outcome, once.
func TestQuickApprovalCardClickAndUpdate(t *testing.T) {
	q := newQuickEnv(t)
	ctx := context.Background()
	alice := platform.Recipient{Type: platform.IDUserID, ID: "alice"}

	// Without the signer the adapter refuses call-back buttons.
	if _, err := q.client(t, appSecret).Send(ctx, platform.Message{To: alice, Type: platform.MessageCard, Card: todoWithButtons(alice), IdempotencyKey: "k0"}); err == nil {
		t.Fatal("a card with call-back buttons was sent without an action signer")
	}
	c := q.client(t, appSecret, func(p *wecom.Params) { p.Actions = q.signer })
	sent, err := c.Send(ctx, platform.Message{To: alice, Type: platform.MessageCard, Card: todoWithButtons(alice), IdempotencyKey: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	msgs := q.sim.Messages()
	m := msgs[len(msgs)-1]
	if m.MsgType != "template_card" || !strings.Contains(string(m.Content), `"card_type":"button_interaction"`) {
		t.Fatalf("sent %s %s", m.MsgType, m.Content)
	}
	if strings.Count(sent.MessageID, "|") != 2 {
		t.Fatalf("message id %q carries no response_code: the card could not be updated", sent.MessageID)
	}
	keys, err := q.sim.CardButtons(m.MsgID)
	if err != nil || len(keys) != 2 {
		t.Fatalf("buttons %v %v", keys, err)
	}

	// alice rejects.
	if status, err := q.sim.ClickCard(m.MsgID, "alice", keys[1]); err != nil || status != http.StatusOK {
		t.Fatalf("click: %d %v", status, err)
	}
	acts := q.actions()
	if len(acts) != 1 {
		t.Fatalf("clicks handed over: %d, want 1", len(acts))
	}
	a := acts[0]
	if a.Value.Decision != platform.DecisionReject || a.Value.Message != "42" || a.Value.Recipient != alice || a.Operator.UserID != "alice" ||
		a.Token == "" || a.AppID != callback.ActionApp("wwquick", "1000002") || a.MessageID == "" {
		t.Fatalf("click: %+v", a)
	}

	// The engine's update: the buttons become the outcome, once.
	if err := c.DelayedCardUpdate(ctx, a.Token, platform.Card{Kind: platform.CardTodo, Title: "请假审批", Done: &platform.CardDone{Outcome: "已拒绝"}}); err != nil {
		t.Fatal(err)
	}
	if m := lastMessage(q.sim, m.MsgID); m.ReplacedButton != "已拒绝" || m.Updated != 1 {
		t.Fatalf("card after the update: %+v", m)
	}
	err = c.DelayedCardUpdate(ctx, a.Token, platform.Card{Kind: platform.CardTodo, Title: "请假审批", Done: &platform.CardDone{Outcome: "已同意"}})
	if !errors.Is(err, platform.ErrCallbackTokenInvalid) {
		t.Fatalf("a response_code used twice: %v", err)
	}
	if _, err := q.sim.ClickCard(m.MsgID, "alice", keys[0]); err == nil {
		t.Fatal("a card whose buttons were replaced was clicked")
	}
	if q.events != 0 {
		t.Fatalf("%d clicks went to the event queue instead", q.events)
	}
}

// A click is handed over only with a key the bridge sealed for this app,
// by the card's recipient: another member's click (a forwarded card), an
// altered key, or a key sealed for another app are answered 200 and
// dropped.
func TestQuickApprovalRefusesForeignClicks(t *testing.T) {
	q := newQuickEnv(t)
	ctx := context.Background()
	alice := platform.Recipient{Type: platform.IDUserID, ID: "alice"}
	c := q.client(t, appSecret, func(p *wecom.Params) { p.Actions = q.signer })
	if _, err := c.Send(ctx, platform.Message{To: alice, Type: platform.MessageCard, Card: todoWithButtons(alice), IdempotencyKey: "k1"}); err != nil {
		t.Fatal(err)
	}
	msgs := q.sim.Messages()
	keys, _ := q.sim.CardButtons(msgs[len(msgs)-1].MsgID)
	otherApp, _ := q.signer.Seal(callback.ActionApp("wwquick", "1000003"), platform.ActionValue{Message: "42", Recipient: alice, Decision: platform.DecisionApprove})
	otherKey := mustJSON(t, otherApp)
	for name, ev := range map[string]struct{ from, key string }{
		"another member":   {"bob", keys[0]},
		"an altered key":   {"alice", strings.Replace(keys[0], `"d":"approve"`, `"d":"reject"`, 1)},
		"another app's":    {"alice", otherKey},
		"no key":           {"alice", ""},
		"a key not sealed": {"alice", `{"v":1,"m":"42","t":"user_id","r":"alice","d":"approve"}`},
	} {
		plain, _ := xml.Marshal(struct {
			XMLName      xml.Name `xml:"xml"`
			ToUserName   string
			FromUserName string
			CreateTime   int64
			MsgType      string
			Event        string
			EventKey     string
			TaskId       string
			CardType     string
			ResponseCode string
			AgentID      int
		}{ToUserName: "wwquick", FromUserName: ev.from, CreateTime: time.Now().Unix(), MsgType: "event", Event: "template_card_event",
			EventKey: ev.key, TaskId: "t-" + name, CardType: "button_interaction", ResponseCode: "rc-" + name, AgentID: 1000002})
		status, err := q.sim.Post(appSecret, plain)
		if err != nil || status != http.StatusOK {
			t.Fatalf("%s: %d %v", name, status, err)
		}
	}
	if acts := q.actions(); len(acts) != 0 {
		t.Fatalf("foreign clicks handed over: %+v", acts)
	}
}

func lastMessage(s *simwecom.Server, id string) simwecom.Message {
	for _, m := range s.Messages() {
		if m.MsgID == id {
			return m
		}
	}
	return simwecom.Message{}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
