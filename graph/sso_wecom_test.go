package graph_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"imbridge/ent/binding"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	simwecom "imbridge/platform/sim/wecom"
)

// QR-code login through a WeCom corp (企业微信Web登录): the start sends the
// browser to the app's WeCom login page (here the simulator's), the member
// scans, WeCom sends the browser to /sso/wecom/callback with a code, the
// bridge identifies the member (auth/getuserinfo), follows the binding and
// hands the OA a ticket, as with Feishu. The 通讯录同步 secret, which has
// no AgentId, cannot be the login app.
func TestQRLoginWithWeCom(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true})
	a, adm, tok := env.Tenant("a")
	org := simwecom.NewOrg("企微登录", "wwsso0000000001")
	org.AddUser(simwecom.User{UserID: "alice", Name: "Alice", Departments: []int{1}, Status: 1, Enable: 1, EmployeeNo: "E1"})
	org.AddUser(simwecom.User{UserID: "bob", Name: "Bob", Departments: []int{1}, Status: 1, Enable: 1})
	org.AddUser(simwecom.User{UserID: "carol", Name: "Carol", Departments: []int{1}, Status: 1, Enable: 1})
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "login-secret"}, {Secret: "sync-secret", ContactSync: true}}})
	simSrv := httptest.NewServer(sim)
	t.Cleanup(func() { simSrv.Close(); sim.Close() })

	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "wecom", "name": "企微", "corpID": "wwsso0000000001", "apiBaseURL": simSrv.URL}}, &c)
	corpID := atoi(t, c.CreateCorp.ID)
	var sync struct{ CreateApp struct{ ID string } }
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": corpID, "name": "通讯录同步", "appID": "contacts", "appSecret": "sync-secret"}}, &sync)
	code, msg := adm.ErrCode(updateLogin, map[string]any{"corp": corpID, "in": map[string]any{"enabled": true, "appID": sync.CreateApp.ID, "allowedOrigins": []string{oaOrigin}}})
	if code != "BAD_USER_INPUT" || !strings.Contains(msg.Message, "AgentId") {
		t.Fatalf("login with the 通讯录同步 secret: %s %+v", code, msg)
	}
	var app struct{ CreateApp struct{ ID string } }
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": corpID, "name": "登录", "appID": "1000002", "appSecret": "login-secret"}}, &app)
	adm.MustDo(updateLogin, map[string]any{"corp": corpID, "in": map[string]any{"enabled": true, "appID": app.CreateApp.ID, "allowedOrigins": []string{oaOrigin}}}, nil)

	// The OA page's entry names WeCom.
	if r := newBrowser(t).do(http.MethodGet, env.Server.URL+"/sso/"+itoa(corpID)+"/qr.js", nil); !strings.Contains(r.body, "企业微信扫码登录") {
		t.Fatalf("qr.js: %d %s", r.status, r.body)
	}
	if r := newBrowser(t).do(http.MethodGet, env.Server.URL+"/sso/"+itoa(corpID)+"/embed?return_to="+url.QueryEscape(oaReturnTo), nil); !strings.Contains(r.body, "Log in with WeCom") {
		t.Fatalf("embed: %d %s", r.status, r.body)
	}

	// alice is mirrored and bound to OA-alice.
	ctx := viewer.System(context.Background(), "test", a.ID)
	im := env.Client.User.Create().SetCorpID(corpID).SetExternalID("alice").SetName("Alice").SaveX(ctx)
	oa := env.Client.User.Create().SetExternalID("OA-alice").SetName("Alice (OA)").SaveX(ctx)
	env.Client.Binding.Create().SetCorpID(corpID).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).SetMethod(binding.MethodManual).SaveX(ctx)

	b := newBrowser(t)
	start := b.do(http.MethodGet, env.Server.URL+"/sso/"+itoa(corpID)+"/start?return_to="+url.QueryEscape(oaReturnTo), nil)
	if start.status != http.StatusFound || !strings.HasPrefix(start.location, simSrv.URL+"/wwlogin/sso/login?") {
		t.Fatalf("start: %d %s %s", start.status, start.location, start.body)
	}
	page := b.do(http.MethodGet, start.location, nil)
	if page.status != http.StatusOK || !strings.Contains(page.body, `name="userid"`) {
		t.Fatalf("login page: %d %s", page.status, page.body)
	}
	q, _ := url.Parse(start.location)
	callbackURL := env.Server.URL + "/sso/wecom/callback"
	if q.Query().Get("redirect_uri") != callbackURL || q.Query().Get("appid") != "wwsso0000000001" || q.Query().Get("agentid") != "1000002" {
		t.Fatalf("login page parameters: %s", start.location)
	}
	scan := b.do(http.MethodPost, start.location, url.Values{"agentid": {"1000002"}, "redirect_uri": {callbackURL},
		"state": {q.Query().Get("state")}, "userid": {"alice"}, "decision": {"allow"}})
	if scan.status != http.StatusFound || !strings.HasPrefix(scan.location, callbackURL+"?") {
		t.Fatalf("scan: %d %s", scan.status, scan.location)
	}
	r := b.do(http.MethodGet, scan.location, nil)
	if r.status != http.StatusFound || !strings.HasPrefix(r.location, "https://oa.example.com/sso/done?") || r.ticket() == "" {
		t.Fatalf("callback: %d %s %s", r.status, r.location, r.body)
	}
	var out redemption
	tok.MustDo(redeem, map[string]any{"t": r.ticket()}, &out)
	if got := out.RedeemLoginTicket; got.OaUserID != "OA-alice" || got.ImUser.ExternalID != "alice" || got.Corp.ID != itoa(corpID) {
		t.Fatalf("redemption %+v", got)
	}

	// The same code again (a replayed callback): refused with a page that
	// says why, no ticket.
	again := b.do(http.MethodGet, scan.location, nil)
	if again.ticket() != "" || again.status == http.StatusFound && strings.HasPrefix(again.location, "https://oa.example.com") {
		t.Fatalf("replayed callback: %d %s", again.status, again.location)
	}
	// bob is not mirrored: refused with a reason, no ticket.
	b2 := newBrowser(t)
	start = b2.do(http.MethodGet, env.Server.URL+"/sso/"+itoa(corpID)+"/start?return_to="+url.QueryEscape(oaReturnTo), nil)
	q, _ = url.Parse(start.location)
	scan = b2.do(http.MethodPost, start.location, url.Values{"agentid": {"1000002"}, "redirect_uri": {callbackURL},
		"state": {q.Query().Get("state")}, "userid": {"bob"}, "decision": {"allow"}})
	r = b2.do(http.MethodGet, scan.location, nil)
	if r.ticket() != "" || r.reason() == "" {
		t.Fatalf("bob (not mirrored): %d %s reason %q", r.status, r.location, r.reason())
	}
	// carol is mirrored but not bound (binding at login off): the refusal
	// page names her WeCom account, not a Feishu one (attack pass).
	env.Client.User.Create().SetCorpID(corpID).SetExternalID("carol").SetName("Carol").SaveX(ctx)
	b3 := newBrowser(t)
	start = b3.do(http.MethodGet, env.Server.URL+"/sso/"+itoa(corpID)+"/start?return_to="+url.QueryEscape(oaReturnTo), nil)
	q, _ = url.Parse(start.location)
	scan = b3.do(http.MethodPost, start.location, url.Values{"agentid": {"1000002"}, "redirect_uri": {callbackURL},
		"state": {q.Query().Get("state")}, "userid": {"carol"}, "decision": {"allow"}})
	r = b3.do(http.MethodGet, scan.location, nil)
	if r.reason() != "unbound" || !strings.Contains(r.body, "你的企业微信账号") || !strings.Contains(r.body, "Your WeCom account") ||
		strings.Contains(r.body, "飞书") || strings.Contains(r.body, "Feishu") {
		t.Fatalf("carol (unbound): %d reason %q %s", r.status, r.reason(), r.body)
	}
}
