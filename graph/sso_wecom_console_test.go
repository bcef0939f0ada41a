package graph_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"imbridge/ent/admin"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	simwecom "imbridge/platform/sim/wecom"
)

// wecomScan follows a /sso/console/… start to the simulator's WeCom login
// page and scans it as userid: the callback URL to visit next.
func wecomScan(t *testing.T, b *browser, start result, userid string) string {
	t.Helper()
	if start.status != http.StatusFound || !strings.Contains(start.location, "/wwlogin/sso/login?") {
		t.Fatalf("start: %d %s %s", start.status, start.location, start.body)
	}
	q, _ := url.Parse(start.location)
	scan := b.do(http.MethodPost, start.location, url.Values{"agentid": {q.Query().Get("agentid")}, "redirect_uri": {q.Query().Get("redirect_uri")},
		"state": {q.Query().Get("state")}, "userid": {userid}, "decision": {"allow"}})
	if scan.status != http.StatusFound || !strings.Contains(scan.location, "/sso/wecom/callback?") {
		t.Fatalf("scan: %d %s", scan.status, scan.location)
	}
	return scan.location
}

// Console sign-in through a WeCom corp (企业微信Web登录, the OA login's own
// flow): an admin links their account to their WeCom member (corp,
// userid) from the user menu, then signs in by scanning; another member
// signs in nobody; unlinking ends it. The login page lists the corp with
// its platform so the button says WeCom.
func TestConsoleSignInWithWeCom(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true})
	a, adm, _ := env.Tenant("a")
	org := simwecom.NewOrg("企微控制台", "wwconsole000001")
	for _, id := range []string{"alice", "bob"} {
		org.AddUser(simwecom.User{UserID: id, Name: strings.ToUpper(id[:1]) + id[1:], Departments: []int{1}, Status: 1, Enable: 1})
	}
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "login-secret"}}})
	simSrv := httptest.NewServer(sim)
	t.Cleanup(func() { simSrv.Close(); sim.Close() })

	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "wecom", "name": "企微", "corpID": "wwconsole000001", "apiBaseURL": simSrv.URL}}, &c)
	corpID := atoi(t, c.CreateCorp.ID)
	var app struct{ CreateApp struct{ ID string } }
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": corpID, "name": "登录", "appID": "1000002", "appSecret": "login-secret"}}, &app)
	adm.MustDo(updateLogin, map[string]any{"corp": corpID, "in": map[string]any{"enabled": true, "appID": app.CreateApp.ID,
		"allowedOrigins": []string{oaOrigin}, "consoleSignIn": true}}, nil)
	base := env.Server.URL

	pr := newBrowser(t).do(http.MethodGet, base+"/sso/console/providers", nil)
	if !strings.Contains(pr.body, `"corpId":"`+itoa(corpID)+`"`) || !strings.Contains(pr.body, `"platform":"wecom"`) {
		t.Fatalf("providers: %s", pr.body)
	}
	// Not linked yet: refused, in WeCom's words.
	b := newBrowser(t)
	r := b.do(http.MethodGet, wecomScan(t, b, b.do(http.MethodGet, base+"/sso/console/start?corp="+itoa(corpID), nil), "alice"), nil)
	if r.reason() != "no_admin" || b.cookies["imbridge_session"] != "" {
		t.Fatalf("unlinked admin: %d %s", r.status, r.reason())
	}

	// The admin links their account to alice.
	op := env.Admin("wecom-admin", admin.RoleOperator, a.ID)
	b = newBrowser(t)
	h := http.Header{}
	op.AuthorizeForTest(h)
	name, value, _ := strings.Cut(h.Get("Cookie"), "=")
	b.cookies[name] = value
	r = b.do(http.MethodGet, wecomScan(t, b, b.do(http.MethodGet, base+"/sso/console/bind?corp="+itoa(corpID), nil), "alice"), nil)
	if r.status != http.StatusFound || r.location != "/?im=bound" {
		t.Fatalf("link: %d %s %s", r.status, r.location, r.body)
	}
	ad := env.Client.Admin.Query().Where(admin.Username("wecom-admin")).OnlyX(viewer.System(context.Background(), "test", a.ID))
	if ad.ImCorpID == nil || *ad.ImCorpID != corpID || ad.ImUserID != "alice" || ad.ImUnionID != "" || ad.ImName != "Alice" {
		t.Fatalf("admin link %+v", ad)
	}

	// Scanning as alice now signs that admin in.
	b = newBrowser(t)
	r = b.do(http.MethodGet, wecomScan(t, b, b.do(http.MethodGet, base+"/sso/console/start?corp="+itoa(corpID), nil), "alice"), nil)
	if r.status != http.StatusFound || r.location != "/" || b.cookies["imbridge_session"] == "" {
		t.Fatalf("sign-in: %d %s %s", r.status, r.location, r.body)
	}
	if me := b.do(http.MethodGet, base+"/auth/me", nil); !strings.Contains(me.body, `"username":"wecom-admin"`) {
		t.Fatalf("/auth/me: %s", me.body)
	}
	// bob signs in nobody; the refusal names WeCom, not Feishu.
	b = newBrowser(t)
	r = b.do(http.MethodGet, wecomScan(t, b, b.do(http.MethodGet, base+"/sso/console/start?corp="+itoa(corpID), nil), "bob"), nil)
	if r.reason() != "no_admin" || strings.Contains(r.body, "飞书") || strings.Contains(r.body, "Feishu") {
		t.Fatalf("another member: %d %s %s", r.status, r.reason(), r.body)
	}
	// bob cannot be linked by a second admin to alice's member.
	other := env.Admin("wecom-admin-2", admin.RoleOperator, a.ID)
	b = newBrowser(t)
	h = http.Header{}
	other.AuthorizeForTest(h)
	name, value, _ = strings.Cut(h.Get("Cookie"), "=")
	b.cookies[name] = value
	r = b.do(http.MethodGet, wecomScan(t, b, b.do(http.MethodGet, base+"/sso/console/bind?corp="+itoa(corpID), nil), "alice"), nil)
	if r.reason() != "no_admin" || !strings.Contains(r.body, "WeCom") {
		t.Fatalf("alice linked twice: %d %s %s", r.status, r.reason(), r.body)
	}

	// Unlinking ends it.
	op.MustDo(`mutation { unbindMyIM { id } }`, nil, nil)
	b = newBrowser(t)
	r = b.do(http.MethodGet, wecomScan(t, b, b.do(http.MethodGet, base+"/sso/console/start?corp="+itoa(corpID), nil), "alice"), nil)
	if r.reason() != "no_admin" {
		t.Fatalf("after unlinking: %d %s", r.status, r.reason())
	}
}
