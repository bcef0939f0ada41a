package graph_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"imbridge/ent/binding"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	feishusim "imbridge/platform/sim/feishu"
)

// pushWorld is a tenant whose corp's API is a simulator, with an OA
// directory of the simulator's people (OA id "OA-"+user_id), the first n
// of them bound, and a push rule for 审批 to-dos with quick approval.
type pushWorld struct {
	env   *graphtest.Env
	adm   *graphtest.Caller
	sim   *feishusim.Server
	users []string
}

func newPushWorld(t *testing.T, bound int) *pushWorld {
	t.Helper()
	env := graphtest.New(t)
	ten, adm, _ := env.Tenant("acme")
	org := feishusim.Generate(feishusim.GenOptions{Users: 5, Departments: 2, Seed: 5})
	sim := feishusim.New(feishusim.Config{Org: org, Apps: []feishusim.App{{ID: "cli_push", Secret: "s"}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	t.Cleanup(sim.Close)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	corpID, appID := feishuCorp(t, adm, srv.URL, "cli_push", "s")
	ctx := viewer.System(context.Background(), "test", ten.ID)
	w := &pushWorld{env: env, adm: adm, sim: sim}
	for i, u := range org.Snapshot().Users {
		if u.Resigned {
			continue
		}
		w.users = append(w.users, u.UserID)
		oa := env.Client.User.Create().SetExternalID("OA-" + u.UserID).SetName(u.Name).SaveX(ctx)
		if i < bound {
			im := env.Client.User.Create().SetCorpID(atoi(t, corpID)).SetExternalID(u.UserID).SetName(u.Name).SaveX(ctx)
			env.Client.Binding.Create().SetCorpID(atoi(t, corpID)).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).
				SetMethod(binding.MethodManual).SaveX(ctx)
		}
	}
	adm.MustDo(`mutation($in: CreatePushRuleInput!) { createPushRule(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": "审批待办", "source": "审批", "targets": []map[string]any{{"appID": appID, "messageType": "todo", "quickApproval": true,
			"titleTemplate": "【{{source}}】{{title}}"}},
	}}, nil)
	return w
}

type progressed struct {
	Status, TodoState            string
	Total, Sent, Skipped, Failed int
	Outcomes                     []struct {
		Status, Reason string
		Count          int
	}
	Deliveries struct {
		Edges []struct {
			Node struct{ Recipient, Status, Reason, PlatformMessageID, CardState string }
		}
	}
}

const followMessage = `subscription($id: ID!) { messageProgress(id: $id) { status todoState total sent skipped failed
	deliveries(first: 10) { edges { node { recipient status reason platformMessageID cardState } } } } }`

// followOwn is what a push:write token may follow: the message's own
// fields, its outcomes by reason among them.
const followOwn = `subscription($id: ID!) { messageProgress(id: $id) { status todoState total sent skipped failed
	outcomes { status reason count } } }`

// follow watches a message until the subscription ends; the last state.
func follow(t *testing.T, c *graphtest.Caller, id string) progressed {
	t.Helper()
	return followWith(t, c, followMessage, id)
}

func followWith(t *testing.T, c *graphtest.Caller, query, id string) progressed {
	t.Helper()
	s, err := c.Subscribe(query, map[string]any{"id": id})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var last struct{ MessageProgress progressed }
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, done, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if done {
			return last.MessageProgress
		}
		if len(resp.Errors) > 0 {
			t.Fatalf("messageProgress: %+v", resp.Errors)
		}
		_ = json.Unmarshal(resp.Data, &last)
	}
	t.Fatal("messageProgress did not end")
	return progressed{}
}

// The "done means": an OA holding a push:write token pushes a
// to-do to 3 people (one unbound), sees 2 sent and 1 skipped with the
// reason, completes it and sees the cards turn done. The token reads
// nothing else.
func TestPushTodoThroughTheAPI(t *testing.T) {
	w := newPushWorld(t, 2)
	ten := w.env.Client.Tenant.Query().OnlyX(dbtest.Bootstrap())
	oa := w.env.Token(ten.ID, "oa", viewer.ScopePushWrite)
	in := map[string]any{"idempotencyKey": "flow-9001", "source": "审批", "title": "报销单 9001", "content": "¥320",
		"link": "https://oa.example.com/flow/9001", "todoKey": "flow-9001",
		"recipients": map[string]any{"userIDs": []string{"OA-" + w.users[0], "OA-" + w.users[1], "OA-" + w.users[2]}}}
	var out struct{ PushMessage struct{ ID, Status string } }
	oa.MustDo(`mutation($in: PushMessageInput!) { pushMessage(input: $in) { id status } }`, map[string]any{"in": in}, &out)
	if out.PushMessage.Status != "queued" {
		t.Fatalf("pushMessage returned %+v", out.PushMessage)
	}
	// The OA follows its push with push:write: counters and the outcomes
	// by reason (who was skipped is not its to read).
	p := followWith(t, oa, followOwn, out.PushMessage.ID)
	if p.Status != "delivered" || p.Total != 3 || p.Sent != 2 || p.Skipped != 1 {
		t.Fatalf("progress: %+v", p)
	}
	if len(p.Outcomes) != 2 || p.Outcomes[0].Status != "sent" || p.Outcomes[0].Count != 2 ||
		p.Outcomes[1].Status != "skipped" || p.Outcomes[1].Reason != "not bound to this corp" || p.Outcomes[1].Count != 1 {
		t.Fatalf("outcomes: %+v", p.Outcomes)
	}
	// A read token follows it too, per recipient.
	reader := w.env.Token(ten.ID, "reader", viewer.ScopeRead)
	p = follow(t, reader, out.PushMessage.ID)
	if p.Status != "delivered" || len(p.Deliveries.Edges) != 3 {
		t.Fatalf("progress read with read: %+v", p)
	}
	for _, e := range p.Deliveries.Edges {
		n := e.Node
		switch n.Recipient {
		case "OA-" + w.users[2]:
			if n.Status != "skipped" || n.Reason != "not bound to this corp" {
				t.Fatalf("unbound: %+v", n)
			}
		default:
			if n.Status != "sent" || !strings.HasPrefix(n.PlatformMessageID, "om_") || n.CardState != "pending" {
				t.Fatalf("bound: %+v", n)
			}
			if sm, ok := w.sim.Message(n.PlatformMessageID); !ok || !strings.Contains(sm.Content, "【审批】报销单 9001") {
				t.Fatalf("card in the simulator: %+v", sm)
			}
		}
	}
	// The same push again: the same message; another body: CONFLICT.
	var again struct{ PushMessage struct{ ID string } }
	oa.MustDo(`mutation($in: PushMessageInput!) { pushMessage(input: $in) { id } }`, map[string]any{"in": in}, &again)
	if again.PushMessage.ID != out.PushMessage.ID {
		t.Fatalf("repeat: %s, want %s", again.PushMessage.ID, out.PushMessage.ID)
	}
	in["title"] = "another"
	if code, _ := oa.ErrCode(`mutation($in: PushMessageInput!) { pushMessage(input: $in) { id } }`, map[string]any{"in": in}); code != "CONFLICT" {
		t.Fatalf("same key, other body: %s", code)
	}
	// Bad input names the field.
	if code, e := oa.ErrCode(`mutation { pushMessage(input: {idempotencyKey: "x", source: "审批", title: "t", recipients: {}}) { id } }`, nil); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.recipients" {
		t.Fatalf("no recipients: %s %+v", code, e)
	}

	var done struct{ CompleteTodo struct{ Messages int } }
	oa.MustDo(`mutation { completeTodo(input: {key: "flow-9001", outcome: "已同意"}) { messages } }`, nil, &done)
	if done.CompleteTodo.Messages != 1 {
		t.Fatalf("completeTodo: %+v", done)
	}
	if p = followWith(t, oa, followOwn, out.PushMessage.ID); p.TodoState != "done" {
		t.Fatalf("after completion, as the OA: %+v", p)
	}
	p = follow(t, reader, out.PushMessage.ID)
	for _, e := range p.Deliveries.Edges {
		if n := e.Node; n.Status == "sent" {
			sm, _ := w.sim.Message(n.PlatformMessageID)
			if n.CardState != "done" || !strings.Contains(sm.Content, "已同意") || strings.Contains(sm.Content, "拒绝") {
				t.Fatalf("after completion: %+v, card %s", n, sm.Content)
			}
		}
	}

	// push:write reads nothing else: no queries, no objects from a mutation's result.
	for _, q := range []string{`{ messages { totalCount } }`, `{ users { totalCount } }`, `{ pushRules { totalCount } }`} {
		if code, _ := oa.ErrCode(q, nil); code != "FORBIDDEN" {
			t.Errorf("%s with push:write: %s, want FORBIDDEN", q, code)
		}
	}
	if code, _ := oa.ErrCode(`mutation($in: PushMessageInput!) { pushMessage(input: $in) { id deliveries { totalCount edges { node { recipient } } } } }`,
		map[string]any{"in": map[string]any{"idempotencyKey": "k2", "source": "审批", "title": "t", "recipients": map[string]any{"everyone": true}}}); code != "FORBIDDEN" {
		t.Errorf("reading deliveries from pushMessage's result: %s, want FORBIDDEN", code)
	}
	// Nor from its subscription: the tenant and the deliveries are refused
	// before the stream starts, with nothing read.
	for _, q := range []string{
		`subscription($id: ID!) { messageProgress(id: $id) { id tenant { name slug } } }`,
		`subscription($id: ID!) { messageProgress(id: $id) { id deliveries(first: 5) { edges { node { recipient reason } } } } }`,
		`subscription($id: ID!) { messageProgress(id: $id) { ...F } } fragment F on Message { deliveries { totalCount } }`,
	} {
		s := subscribe(t, oa, q, map[string]any{"id": out.PushMessage.ID}, 10*time.Second)
		refused := false
		for _, r := range s.results {
			for _, e := range r.Errors {
				refused = refused || (e.Code() == "FORBIDDEN" && strings.Contains(e.Message, "read permission"))
			}
		}
		if !refused || len(s.data()) > 0 || s.err != nil {
			t.Errorf("%s with push:write: refused %v, data %s, err %v", q, refused, s.data(), s.err)
		}
	}
	// A read-only token cannot push.
	if code, _ := reader.ErrCode(`mutation { completeTodo(input: {key: "flow-9001"}) { messages } }`, nil); code != "FORBIDDEN" {
		t.Errorf("completeTodo with read: %s", code)
	}
	_ = user.StatusActive
}
