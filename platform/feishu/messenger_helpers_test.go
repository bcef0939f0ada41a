package feishu_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
)

// testSecret seals card actions in these tests.
var testSecret = []byte(strings.Repeat("s", 32))

func actionSigner(t testing.TB) *platform.ActionSigner {
	s, err := platform.NewActionSigner(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// msgUnlimited lifts the client's message budgets (per app, per person,
// per message): tests not about pacing.
func msgUnlimited() map[string][]ratelimit.Limit {
	m := writeUnlimited()
	for _, api := range []string{feishu.APICreateMessage, feishu.APIPatchMessage, feishu.APIDeleteMessage,
		feishu.APIBatchSend, feishu.APIBatchRecall, feishu.APICardUpdate,
		feishu.APIMessagePerRecipient, feishu.APIPatchPerMessage} {
		m[api] = nil
	}
	return m
}

// msgEnv is an env with an org of current users, a fake clock on the
// simulator and a client that signs card actions.
type msgEnv struct {
	*env
	clock *simClock
	users []string
}

// simClock runs with the wall clock (so pacing is real) and can jump
// ahead (token and update windows).
type simClock struct{ offset atomic.Int64 }

func (c *simClock) now() time.Time      { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *simClock) add(d time.Duration) { c.offset.Add(int64(d)) }

func newMsgEnv(t *testing.T, cfg feishusim.Config, mod func(*feishu.Params)) *msgEnv {
	t.Helper()
	clock := &simClock{}
	cfg.Now = clock.now
	if cfg.Org == nil {
		cfg.Org = feishusim.Generate(feishusim.GenOptions{Users: 12, Departments: 3, Seed: 9})
	}
	e := newEnv(t, cfg, func(p *feishu.Params) {
		p.Limits = msgUnlimited()
		p.Actions = actionSigner(t)
		if mod != nil {
			mod(p)
		}
	})
	me := &msgEnv{env: e, clock: clock}
	for _, u := range cfg.Org.Snapshot().Users {
		if !u.Resigned {
			me.users = append(me.users, u.UserID)
		}
	}
	return me
}

func byUserID(id string) platform.Recipient {
	return platform.Recipient{Type: platform.IDUserID, ID: id}
}

func text(to platform.Recipient, key, s string) platform.Message {
	return platform.Message{To: to, Type: platform.MessageText, Text: s, IdempotencyKey: key}
}

// todo is a to-do card with quick approval for one delivery.
func todo(msgKey string, to platform.Recipient) *platform.Card {
	return &platform.Card{Kind: platform.CardTodo, Title: "报销单 BX-1", Text: "差旅费 1,280 元",
		Fields: []platform.CardField{{Label: "申请人", Value: "李雷", Short: true}, {Label: "部门", Value: "销售部", Short: true}},
		Link:   &platform.Link{URL: "https://oa.example.com/todo/BX-1"}, Buttons: platform.QuickApproval(msgKey, to)}
}

func done(c *platform.Card, outcome string) platform.Card {
	d := *c
	d.Done = &platform.CardDone{Outcome: outcome, By: "韩梅梅", At: time.Date(2025, 3, 1, 1, 30, 0, 0, time.UTC)}
	return d
}

// wantClass checks err is a *platform.Error with the code and class.
func wantClass(t *testing.T, what string, err error, code int, class platform.ErrorClass) *platform.Error {
	t.Helper()
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != code || pe.Class != class {
		t.Fatalf("%s: %v (want code %d, class %v)", what, err, code, class)
	}
	return pe
}

// cardJSON decodes a recorded card.
func cardJSON(t *testing.T, content string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(content), &m); err != nil {
		t.Fatalf("card %q: %v", content, err)
	}
	return m
}

// answerer is a card callback URL that answers {} and remembers tokens.
type answerer struct {
	srv    *httptest.Server
	tokens chan string
}

func newAnswerer(t *testing.T) *answerer {
	a := &answerer{tokens: make(chan string, 16)}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev struct {
			Event struct {
				Token string `json:"token"`
			} `json:"event"`
		}
		_ = json.NewDecoder(r.Body).Decode(&ev)
		a.tokens <- ev.Event.Token
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(a.srv.Close)
	return a
}
