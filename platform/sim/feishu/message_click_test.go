package feishu

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	"github.com/larksuite/oapi-sdk-go/v3/core/httpserverext"
	larkevent "github.com/larksuite/oapi-sdk-go/v3/event"
	"github.com/larksuite/oapi-sdk-go/v3/event/dispatcher"
	"github.com/larksuite/oapi-sdk-go/v3/event/dispatcher/callback"
)

// A click reaches the app's callback URL as the SDK's own dispatcher reads
// it (OnP2CardActionTrigger: decrypted, signature checked), carrying the
// button's value, the operator and a token; the answer's toast and card
// apply at once.
func TestClickThroughSDKDispatcher(t *testing.T) {
	e := newMsgEnv(t)
	u := e.users[0]
	var mu sync.Mutex
	var got []*callback.CardActionTriggerEvent
	d := dispatcher.NewEventDispatcher("v-token", "enc-key").OnP2CardActionTrigger(
		func(_ context.Context, ev *callback.CardActionTriggerEvent) (*callback.CardActionTriggerResponse, error) {
			mu.Lock()
			got = append(got, ev)
			mu.Unlock()
			return &callback.CardActionTriggerResponse{Toast: &callback.Toast{Type: "success", Content: "已同意"},
				Card: &callback.Card{Type: "raw", Data: json.RawMessage(sharedCard("已办"))}}, nil
		})
	srv := httptest.NewServer(http.HandlerFunc(httpserverext.NewEventHandlerFunc(d, larkevent.WithLogLevel(larkcore.LogLevelError))))
	t.Cleanup(srv.Close)
	e.sim.SetEventSubscription(e.appID, "", "enc-key", "v-token")
	e.sim.SetCardCallbackURL(e.appID, srv.URL)

	_, _, id := e.send(e.tok, "user_id", u, "interactive", sharedCard("待办"), "")
	res, err := e.sim.Click(ctx(t), id, u, "同意")
	if err != nil || !res.OK() || res.Toast != "已同意" || !res.CardReplaced {
		t.Fatalf("click: %+v %v", res, err)
	}
	if len(got) != 1 {
		t.Fatalf("callbacks: %d", len(got))
	}
	ev := got[0]
	if ev.EventV2Base.Header.EventType != "card.action.trigger" || ev.Event.Token != res.Token ||
		ev.Event.Operator.OpenID != OpenID(e.appID, u) || deref(ev.Event.Operator.UserID) != u ||
		ev.Event.Action.Value["d"] != "approve" || ev.Event.Context.OpenMessageID != id {
		t.Fatalf("callback: %+v %+v", ev.EventV2Base.Header, ev.Event)
	}
	if m, _ := e.sim.Message(id); !strings.Contains(m.Content, "已办") {
		t.Fatalf("card not replaced: %s", m.Content)
	}
	if d := e.sim.Deliveries(); len(d) != 1 || d[0].EventType != "card.action.trigger" || !d[0].Delivered {
		t.Fatalf("delivery log: %+v", d)
	}

	// A wrong signature (another key) is refused by the dispatcher: the
	// person sees an error, nothing is applied.
	e.sim.SetEventSubscription(e.appID, "", "other-key", "v-token")
	if res, err := e.sim.Click(ctx(t), id, u, "同意"); err != nil || res.OK() {
		t.Fatalf("click with the wrong key: %+v %v", res, err)
	}
	// Misuse is an error, not a click.
	if _, err := e.sim.Click(ctx(t), id, u, "打开"); err == nil || !strings.Contains(err.Error(), "URL") {
		t.Fatalf("URL button: %v", err)
	}
	if _, err := e.sim.Click(ctx(t), id, u, "没有"); err == nil {
		t.Fatal("missing button clicked")
	}
}

// cardReceiver answers card callbacks with {} after running hook (which
// sees the token), in plaintext mode.
func cardReceiver(t *testing.T, hook func(token string)) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev struct {
			Event struct {
				Token string `json:"token"`
			} `json:"event"`
		}
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &ev)
		if hook != nil {
			hook(ev.Event.Token)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCardUpdateTokens(t *testing.T) {
	e := newMsgEnv(t)
	u := e.users[0]
	update := func(token, card string) int {
		_, code, _ := e.call(http.MethodPost, "/open-apis/interactive/v1/card/update", e.tok,
			map[string]any{"token": token, "card": json.RawMessage(card)})
		return code
	}
	// An update made inside the callback, before it is answered, is
	// applied and then undone when the answer arrives.
	var early int
	srv := cardReceiver(t, func(tok string) { early = update(tok, sharedCard("抢先")) })
	e.sim.SetEventSubscription(e.appID, srv.URL, "", "v-token")
	_, _, id := e.send(e.tok, "user_id", u, "interactive", sharedCard("待办"), "")
	res, err := e.sim.Click(ctx(t), id, u, "同意")
	if err != nil || !res.OK() || early != 0 {
		t.Fatalf("click: %+v %v, early update %d", res, err, early)
	}
	if m, _ := e.sim.Message(id); !strings.Contains(m.Content, "待办") {
		t.Fatalf("early update not undone: %s", m.Content)
	}
	// After the answer: the second (last) use applies, a third is refused.
	if code := update(res.Token, sharedCard("已办")); code != 0 {
		t.Fatalf("delayed update: %d", code)
	}
	if m, _ := e.sim.Message(id); !strings.Contains(m.Content, "已办") {
		t.Fatalf("delayed update not applied: %s", m.Content)
	}
	if code := update(res.Token, sharedCard("x")); code != CodeCardTokenUsedUp {
		t.Fatalf("third use: %d", code)
	}
	// Shape, expiry, shared cards.
	res2, _ := e.sim.Click(ctx(t), id, u, "同意")
	for name, c := range map[string]struct {
		tok, card string
		code      int
	}{
		"bad format": {"x-1", sharedCard("x"), CodeCardTokenBadFormat},
		"unknown":    {"c-unknown", sharedCard("x"), CodeCardTokenExpired},
		"not shared": {res2.Token, `{"elements":[{"tag":"markdown","content":"x"}]}`, CodeCardNotShared},
		"bad card":   {res2.Token, `{"x":1}`, CodeCardFormat},
	} {
		if code := update(c.tok, c.card); code != c.code {
			t.Errorf("%s: %d, want %d", name, code, c.code)
		}
	}
	e.clock.Add(CardTokenTTL + time.Second)
	if code := update(res2.Token, sharedCard("late")); code != CodeCardTokenExpired {
		t.Fatalf("after 30 minutes: %d", code)
	}
	// A recalled card cannot be updated.
	res3, _ := e.sim.Click(ctx(t), id, u, "同意")
	if _, code, _ := e.call(http.MethodDelete, "/open-apis/im/v1/messages/"+id, e.tok, nil); code != 0 {
		t.Fatalf("recall: %d", code)
	}
	if code := update(res3.Token, sharedCard("x")); code != CodeCardRecalled {
		t.Fatalf("recalled: %d", code)
	}
}

// A callback answered late (over 3 s) or not 200 is an error for the
// person; it is not retried.
func TestClickUnanswered(t *testing.T) {
	e := newMsgEnv(t)
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); slow.Close() })
	e.sim.SetEventSubscription(e.appID, slow.URL, "", "v")
	e.sim.SetCardCallbackTimeout(50 * time.Millisecond)
	_, _, id := e.send(e.tok, "user_id", e.users[0], "interactive", sharedCard("待办"), "")
	res, err := e.sim.Click(ctx(t), id, e.users[0], "同意")
	if err != nil || res.OK() || res.Status != 0 || res.Err == "" {
		t.Fatalf("slow callback: %+v %v", res, err)
	}
	if d := e.sim.Deliveries(); len(d) != 1 || d[0].Attempts != 1 || d[0].Delivered {
		t.Fatalf("delivery log: %+v", d)
	}
}

func TestMessageView(t *testing.T) {
	e := newMsgEnv(t)
	u, _ := e.sim.Org().User(e.users[0])
	_, _, id := e.send(e.tok, "user_id", u.UserID, "interactive", sharedCard("报销<审批>"), "k1")
	get := func(path string) (int, string) {
		resp, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	st, page := get("/_messages")
	if st != 200 || !strings.Contains(page, u.Name) || !strings.Contains(page, "报销&lt;审批&gt;") || strings.Contains(page, "<form") {
		t.Fatalf("view: %d %s", st, page)
	}
	st, js := get("/_messages.json")
	var out struct {
		Messages []struct {
			ID, Summary string
		}
	}
	if st != 200 || json.Unmarshal([]byte(js), &out) != nil || len(out.Messages) != 1 || out.Messages[0].ID != id {
		t.Fatalf("json view: %d %s", st, js)
	}
	// The click form is off by default, on when enabled.
	resp, _ := http.PostForm(e.srv.URL+"/_messages/click", map[string][]string{"message": {id}, "user": {u.UserID}, "button": {"同意"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("click form while off: %d", resp.StatusCode)
	}
	e.sim.EnableClickForm(true)
	if _, page := get("/_messages"); !strings.Contains(page, "<form") {
		t.Fatal("no click form")
	}
}
