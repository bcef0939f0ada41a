package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu/webhook"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

var cardSecret = []byte(strings.Repeat("c", 32))

// cardEnv is the handler with OnCardAction, behind the simulator whose app
// sends its card callbacks (and events) to it.
type cardEnv struct {
	*env
	signer  *platform.ActionSigner
	mu      sync.Mutex
	actions []platform.CardAction
	fail    error
	simURL  string // the simulator's API, for sending cards
	simTok  string
}

func newCardEnv(t *testing.T, encryptKey string) *cardEnv {
	t.Helper()
	n := appSeq.Add(1)
	signer, err := platform.NewActionSigner(cardSecret)
	if err != nil {
		t.Fatal(err)
	}
	ce := &cardEnv{env: &env{t: t, broker: broker.OpenTest(t), rec: &recorder{}, logs: &logBuf{}}, signer: signer}
	e := ce.env
	e.keys = webhook.AppKeys{TenantID: 3, AppID: int(n), FeishuAppID: fmt.Sprintf("cli_card%04d", n),
		EncryptKey: encryptKey, VerificationToken: testToken}
	e.org = feishusim.Generate(feishusim.GenOptions{Users: 5, Departments: 2, Seed: 1})
	e.sim = feishusim.New(feishusim.Config{Org: e.org, Apps: []feishusim.App{{ID: e.keys.FeishuAppID, Secret: "app-secret"}}})
	mux := http.NewServeMux()
	mux.Handle("/callback/feishu/{app}", webhook.NewHandler(webhook.Params{
		Lookup: func(_ context.Context, app string) (webhook.AppKeys, error) {
			if app != testAppPath {
				return webhook.AppKeys{}, webhook.ErrUnknownApp
			}
			return e.keys, nil
		},
		Deliver: e.rec.deliver,
		Broker:  e.broker,
		Logger:  slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Actions: signer,
		OnCardAction: func(_ context.Context, keys webhook.AppKeys, a platform.CardAction) (platform.CardActionReply, error) {
			ce.mu.Lock()
			defer ce.mu.Unlock()
			if ce.fail != nil {
				err := ce.fail
				ce.fail = nil
				return platform.CardActionReply{}, err
			}
			ce.actions = append(ce.actions, a)
			return platform.CardActionReply{Toast: "已提交", Kind: platform.ToastSuccess}, nil
		},
	}))
	e.srv = httptest.NewServer(mux)
	e.url = e.srv.URL + "/callback/feishu/" + testAppPath
	e.sim.SetEventSubscription(e.keys.FeishuAppID, "", encryptKey, testToken)
	e.sim.SetCardCallbackURL(e.keys.FeishuAppID, e.url)
	api := httptest.NewServer(e.sim)
	ce.simURL = api.URL
	t.Cleanup(func() { api.Close(); e.srv.Close(); e.sim.Close() })
	var tok struct {
		Token string `json:"tenant_access_token"`
	}
	ce.simCall(http.MethodPost, "/open-apis/auth/v3/tenant_access_token/internal", map[string]string{"app_id": e.keys.FeishuAppID, "app_secret": "app-secret"}, &tok)
	ce.simTok = tok.Token
	return ce
}

func (ce *cardEnv) simCall(method, path string, body, out any) {
	ce.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, ce.simURL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if ce.simTok != "" {
		req.Header.Set("Authorization", "Bearer "+ce.simTok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ce.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, out); err != nil {
		ce.t.Fatalf("%s: %s", path, raw)
	}
}

// sendCard sends userID a card whose 同意 button carries value.
func (ce *cardEnv) sendCard(userID string, value any) string {
	ce.t.Helper()
	card, _ := json.Marshal(map[string]any{"config": map[string]any{"update_multi": true},
		"header": map[string]any{"title": map[string]string{"tag": "plain_text", "content": "待办"}},
		"elements": []any{map[string]any{"tag": "action", "actions": []any{map[string]any{
			"tag": "button", "text": map[string]string{"tag": "plain_text", "content": "同意"}, "value": value}}}}})
	var out struct {
		Code int
		Data struct {
			MessageID string `json:"message_id"`
		}
	}
	ce.simCall(http.MethodPost, "/open-apis/im/v1/messages?receive_id_type=user_id",
		map[string]string{"receive_id": userID, "msg_type": "interactive", "content": string(card)}, &out)
	if out.Code != 0 {
		ce.t.Fatalf("send card: %d", out.Code)
	}
	return out.Data.MessageID
}

func (ce *cardEnv) got() []platform.CardAction {
	ce.mu.Lock()
	defer ce.mu.Unlock()
	return append([]platform.CardAction(nil), ce.actions...)
}

func (ce *cardEnv) sealed(v platform.ActionValue) map[string]any {
	m, err := ce.signer.Seal(ce.keys.FeishuAppID, v)
	if err != nil {
		ce.t.Fatal(err)
	}
	return m
}

// A click by the card's recipient, signed and encrypted as Feishu sends
// it, reaches OnCardAction verified; the answer's toast is shown.
func TestCardActionDelivered(t *testing.T) {
	for _, key := range []string{testEncryptKey, ""} {
		ce := newCardEnv(t, key)
		uid := ce.org.Snapshot().Users[0].UserID
		v := platform.ActionValue{Message: "msg-1", Recipient: platform.Recipient{Type: platform.IDUserID, ID: uid}, Decision: platform.DecisionApprove}
		id := ce.sendCard(uid, ce.sealed(v))
		res, err := ce.sim.Click(testCtx(t), id, uid, "同意")
		if err != nil || !res.OK() || res.Toast != "已提交" || res.ToastType != "success" {
			t.Fatalf("key %q: click %+v %v", key, res, err)
		}
		got := ce.got()
		if len(got) != 1 {
			t.Fatalf("actions: %+v", got)
		}
		a := got[0]
		if a.Value != v || a.MessageID != id || a.Token != res.Token || a.Operator.UserID != uid ||
			a.Operator.OpenID != feishusim.OpenID(ce.keys.FeishuAppID, uid) || a.AppID != ce.keys.FeishuAppID ||
			a.EventID != res.EventID || time.Since(a.At) > time.Minute || time.Since(a.At) < -time.Minute {
			t.Fatalf("action: %+v", a)
		}
		if len(ce.rec.got()) != 0 {
			t.Fatal("a card action also went to Deliver")
		}
	}
}

// A forwarded card clicked by someone else, and a value the bridge did not
// seal for this app, are answered with an error toast and not delivered.
func TestCardActionRefused(t *testing.T) {
	ce := newCardEnv(t, testEncryptKey)
	users := ce.org.Snapshot().Users
	owner, other := users[0].UserID, users[1].UserID
	v := platform.ActionValue{Message: "m", Recipient: platform.Recipient{Type: platform.IDUserID, ID: owner}, Decision: "approve"}
	id := ce.sendCard(owner, ce.sealed(v))
	res, err := ce.sim.Click(testCtx(t), id, other, "同意")
	if err != nil || !res.OK() || res.ToastType != "error" || !strings.Contains(res.Toast, "不是发给你") {
		t.Fatalf("someone else's click: %+v %v", res, err)
	}

	forged := ce.sealed(v)
	forged["d"] = "reject" // altered after sealing
	other2, _ := platform.NewActionSigner([]byte(strings.Repeat("x", 32)))
	foreign, _ := other2.Seal(ce.keys.FeishuAppID, v)
	for name, val := range map[string]any{"altered": forged, "other key": foreign, "not ours": map[string]string{"key": "value"}} {
		id := ce.sendCard(owner, val)
		res, err := ce.sim.Click(testCtx(t), id, owner, "同意")
		if err != nil || !res.OK() || res.ToastType != "error" {
			t.Fatalf("%s: %+v %v", name, res, err)
		}
	}
	if got := ce.got(); len(got) != 0 {
		t.Fatalf("refused clicks delivered: %+v", got)
	}
}

// A tampered callback — right value, wrong signature — is refused before
// anything is read; a replay of a genuine one is not delivered twice; a
// failing OnCardAction answers 500 and lets the same click through again.
func TestCardActionTamperedAndReplayed(t *testing.T) {
	ce := newCardEnv(t, testEncryptKey)
	uid := ce.org.Snapshot().Users[0].UserID
	v := platform.ActionValue{Message: "m", Recipient: platform.Recipient{Type: platform.IDUserID, ID: uid}, Decision: "approve"}
	plain, _ := json.Marshal(map[string]any{"schema": "2.0",
		"header": map[string]any{"event_id": "ev-card-1", "event_type": webhook.CardActionType, "token": testToken,
			"create_time": strconv.FormatInt(time.Now().UnixMicro(), 10), "app_id": ce.keys.FeishuAppID, "tenant_key": "t"},
		"event": map[string]any{"operator": map[string]string{"user_id": uid}, "token": "c-1",
			"action": map[string]any{"value": ce.sealed(v), "tag": "button"}, "context": map[string]string{"open_message_id": "om_1"}}})
	body := seal(t, plain, testEncryptKey)
	h := signed(body, testEncryptKey, time.Now())
	h.Set("X-Lark-Signature", strings.Repeat("0", 64))
	if r := ce.post(ce.url, bytes.NewReader(body), h); r.status != http.StatusUnauthorized {
		t.Fatalf("bad signature: %+v", r)
	}

	ce.mu.Lock()
	ce.fail = errors.New("queue down")
	ce.mu.Unlock()
	if r := ce.postSigned(plain); r.status != http.StatusInternalServerError {
		t.Fatalf("handler failure: %+v", r)
	}
	if r := ce.postSigned(plain); r.status != 200 || !strings.Contains(r.body, "已提交") {
		t.Fatalf("after the failure: %+v", r)
	}
	if r := ce.postSigned(plain); r.status != 200 || r.body != "{}" {
		t.Fatalf("replay: %+v", r)
	}
	if got := ce.got(); len(got) != 1 || got[0].Token != "c-1" {
		t.Fatalf("deliveries: %+v", got)
	}
	ce.assertNoSecrets()
}

// Without OnCardAction a click is an event like any other: Deliver gets it.
func TestCardActionWithoutHandlerGoesToDeliver(t *testing.T) {
	e := newEnv(t, testEncryptKey)
	plain := e.envelope("ev-card-2", func(h map[string]any) { h["event_type"] = webhook.CardActionType })
	if r := e.postSigned(plain); r.status != 200 {
		t.Fatalf("%+v", r)
	}
	if got := e.rec.got(); len(got) != 1 || got[0].Type != webhook.CardActionType {
		t.Fatalf("delivered: %+v", got)
	}
}

func TestNewHandlerNeedsSignerForCardActions(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	webhook.NewHandler(webhook.Params{Lookup: func(context.Context, string) (webhook.AppKeys, error) { return webhook.AppKeys{}, nil },
		Deliver: func(context.Context, webhook.AppKeys, webhook.Event) error { return nil }, Broker: broker.OpenTest(t),
		OnCardAction: func(context.Context, webhook.AppKeys, platform.CardAction) (platform.CardActionReply, error) {
			return platform.CardActionReply{}, nil
		}})
}
