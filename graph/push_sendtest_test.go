package graph_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"imbridge/ent/admin"
	"imbridge/ent/auditevent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	feishusim "imbridge/platform/sim/feishu"
	simwecom "imbridge/platform/sim/wecom"
)

const sendPushTest = `mutation($id: ID!) { sendPushTest(targetID: $id) { platformMessageID title target { id } } }`

type pushTestOut struct {
	SendPushTest struct {
		PlatformMessageID, Title string
		Target                   struct{ ID string }
	}
}

// firstTargetID is the id of the first target of the tenant's first rule.
func firstTargetID(t *testing.T, adm *graphtest.Caller) string {
	t.Helper()
	var out struct {
		PushRules struct {
			Edges []struct {
				Node struct{ Targets []struct{ ID string } }
			}
		}
	}
	adm.MustDo(`{ pushRules(first: 1) { edges { node { targets { id } } } } }`, nil, &out)
	if len(out.PushRules.Edges) == 0 || len(out.PushRules.Edges[0].Node.Targets) == 0 {
		t.Fatal("no push target")
	}
	return out.PushRules.Edges[0].Node.Targets[0].ID
}

// linkAdmin links an admin to an IM person, as a QR sign-in's binding does.
func linkAdmin(t *testing.T, env *graphtest.Env, username string, corpID int, userID string) {
	t.Helper()
	env.Client.Admin.Update().Where(admin.Username(username)).SetImCorpID(corpID).SetImUserID(userID).ExecX(dbtest.Bootstrap())
}

func mustFailWith(t *testing.T, c *graphtest.Caller, vars map[string]any, code, reason string, says ...string) graphtest.Error {
	t.Helper()
	r := c.Do(sendPushTest, vars)
	if len(r.Errors) != 1 || r.Errors[0].Code() != code || (reason != "" && r.Errors[0].Extensions["reason"] != reason) {
		t.Fatalf("want %s/%s, got %s %+v", code, reason, r.Data, r.Errors)
	}
	for _, s := range says {
		if !strings.Contains(r.Errors[0].Message, s) {
			t.Errorf("error %q does not say %q", r.Errors[0].Message, s)
		}
	}
	return r.Errors[0]
}

// "Send a test to myself" on Feishu: refused while the admin has no
// linked account in the corp (saying how to link one) and while the app
// is unverified; then exactly one message with the rendered sample title
// reaches the admin's own Feishu user, no Message or Delivery row is
// written, and the test is audited. A read-only token and a token of
// another kind are refused; a refusal of the platform is PLATFORM_ERROR
// with its code, naming the rule.
func TestSendPushTestFeishu(t *testing.T) {
	w := newPushWorld(t, 0)
	ten := w.env.Client.Tenant.Query().OnlyX(dbtest.Bootstrap())
	target := firstTargetID(t, w.adm)
	vars := map[string]any{"id": target}

	mustFailWith(t, w.adm, vars, "CONFLICT", "push_test_not_linked", `"审批待办"`, "扫码登录")

	corp := w.env.Client.Corp.Query().OnlyX(dbtest.Bootstrap())
	me := w.users[0]
	linkAdmin(t, w.env, "acme-admin", corp.ID, me)
	mustFailWith(t, w.adm, vars, "CONFLICT", "push_test_app_unverified", `"审批待办"`, "not verified")

	appRow := w.env.Client.App.Query().OnlyX(dbtest.Bootstrap())
	w.adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { verifiedAt } }`, map[string]any{"id": appRow.ID}, nil)

	var out pushTestOut
	w.adm.MustDo(sendPushTest, vars, &out)
	if out.SendPushTest.Title != "【审批】报销单 1024" || out.SendPushTest.Target.ID != target || out.SendPushTest.PlatformMessageID == "" {
		t.Fatalf("payload: %+v", out.SendPushTest)
	}
	got := w.sim.Messages(me)
	if len(got) != 1 || got[0].ID != out.SendPushTest.PlatformMessageID || !strings.Contains(got[0].Content, "【审批】报销单 1024") || got[0].MsgType != "interactive" {
		t.Fatalf("the admin's Feishu user got %+v", got)
	}
	for _, u := range w.users[1:] {
		if n := len(w.sim.Messages(u)); n != 0 {
			t.Errorf("%s got %d messages", u, n)
		}
	}
	// A second test is sent again (a key per test, not the uuid of the first).
	w.adm.MustDo(sendPushTest, vars, nil)
	if n := len(w.sim.Messages(me)); n != 2 {
		t.Fatalf("after a second test: %d messages", n)
	}
	if n := w.env.Client.Message.Query().CountX(dbtest.Bootstrap()); n != 0 {
		t.Errorf("a test wrote %d messages", n)
	}
	if n := w.env.Client.Delivery.Query().CountX(dbtest.Bootstrap()); n != 0 {
		t.Errorf("a test wrote %d deliveries", n)
	}
	if n := w.env.Client.AuditEvent.Query().Where(auditevent.Action("sendPushTest"), auditevent.TargetType("PushTarget"),
		auditevent.TargetID(target), auditevent.Success(true)).CountX(dbtest.Bootstrap()); n != 2 {
		t.Errorf("audited %d tests", n)
	}

	// Tokens: without integration:write refused by the permission; with it,
	// a token has no IM account of its own.
	mustFailWith(t, w.env.Token(ten.ID, "reader", viewer.ScopeRead, viewer.ScopePushWrite), vars, "FORBIDDEN", "permission_required")
	mustFailWith(t, w.env.Token(ten.ID, "integrator", viewer.ScopeIntegrationWrite), vars, "FORBIDDEN", "push_test_admins_only")

	// The platform refuses a person it does not know: its code, the rule named.
	linkAdmin(t, w.env, "acme-admin", corp.ID, "nobody-here")
	e := mustFailWith(t, w.adm, vars, "PLATFORM_ERROR", "", `"审批待办"`)
	if code, _ := e.Extensions["platformCode"].(float64); int(code) != feishusim.CodeMsgReceiveIDInvalid {
		t.Errorf("platformCode %v", e.Extensions["platformCode"])
	}
	if n := len(w.sim.Messages(me)); n != 2 {
		t.Errorf("refused test reached the admin: %d messages", n)
	}
}

// The same on WeCom: the test goes through the target's agent, with the
// target's message type, to the admin's own WeCom member.
func TestSendPushTestWeCom(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true})
	_, adm, _ := env.Tenant("acme")
	org := simwecom.NewOrg("企微推送", "wwpushtest00001")
	for _, id := range []string{"alice", "bob"} {
		org.AddUser(simwecom.User{UserID: id, Name: id, Departments: []int{1}, Status: 1, Enable: 1})
	}
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "push-secret"}}})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })

	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "wecom", "name": "企微", "corpID": "wwpushtest00001", "apiBaseURL": srv.URL}}, &c)
	var a struct{ CreateApp struct{ ID string } }
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": c.CreateCorp.ID, "name": "推送", "appID": "1000002", "appSecret": "push-secret"}}, &a)
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { verifiedAt } }`, map[string]any{"id": a.CreateApp.ID}, nil)
	adm.MustDo(`mutation($in: CreatePushRuleInput!) { createPushRule(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": "日报图文", "source": "日报", "targets": []map[string]any{{"appID": a.CreateApp.ID, "messageType": "post",
			"titleTemplate": "{{source}}：{{title}}", "bodyTemplate": "{{content}}"}},
	}}, nil)
	vars := map[string]any{"id": firstTargetID(t, adm)}

	mustFailWith(t, adm, vars, "CONFLICT", "push_test_not_linked", `"日报图文"`, "扫码登录")
	linkAdmin(t, env, "acme-admin", atoi(t, c.CreateCorp.ID), "alice")

	var out pushTestOut
	adm.MustDo(sendPushTest, vars, &out)
	got := sim.Messages()
	if len(got) != 1 || got[0].MsgID != out.SendPushTest.PlatformMessageID || len(got[0].To) != 1 || got[0].To[0] != "alice" ||
		got[0].MsgType != "markdown" {
		t.Fatalf("WeCom got %+v (payload %+v)", got, out.SendPushTest)
	}
	if !strings.Contains(string(got[0].Content), "审批：报销单 1024") {
		t.Errorf("content %s", got[0].Content)
	}
	if n := env.Client.Message.Query().CountX(dbtest.Bootstrap()); n != 0 {
		t.Errorf("a test wrote %d messages", n)
	}
}
