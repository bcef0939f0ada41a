package graph_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"imbridge/ent/admin"
	"imbridge/ent/auditevent"
	"imbridge/ent/binding"
	"imbridge/ent/viewer"
)

func itoa(n int) string { return strconv.Itoa(n) }

// loginCount reads imbridge_sso_logins_total for a corp and outcome.
func loginCount(t *testing.T, corp int, outcome string) float64 {
	t.Helper()
	mfs, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "imbridge_sso_logins_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["corp"] == itoa(corp) && labels["outcome"] == outcome {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// The settings' rules: no login without an app (请先添加飞书) or an origin,
// origins in canonical form, binding at login needs the password check.
func TestLoginSettingsRules(t *testing.T) {
	w := newSSOWorld(t)
	bad := func(in map[string]any, field, contains string) {
		t.Helper()
		code, e := w.aAdmin.ErrCode(updateLogin, map[string]any{"corp": w.corp, "in": in})
		if code != "BAD_USER_INPUT" || e.Extensions["field"] != field || !strings.Contains(e.Message, contains) {
			t.Fatalf("%v: got %s %+v, want BAD_USER_INPUT on %s (%s)", in, code, e, field, contains)
		}
	}
	bad(map[string]any{"enabled": true, "allowedOrigins": []string{oaOrigin}}, "input.appID", "请先添加飞书")
	w.addApp()
	bad(map[string]any{"enabled": true, "allowedOrigins": []string{oaOrigin}}, "input.appID", "请先添加飞书")
	bad(map[string]any{"enabled": true, "appID": w.app}, "input.allowedOrigins", "at least one")
	bad(map[string]any{"allowedOrigins": []string{"https://oa.example.com/login"}}, "input.allowedOrigins[0]", "no path")
	bad(map[string]any{"allowedOrigins": []string{"ftp://oa.example.com"}}, "input.allowedOrigins[0]", "https://")
	bad(map[string]any{"bindOnFirstLogin": true}, "input.passwordCheckEndpointID", "password")
	bad(map[string]any{"ticketTTLSeconds": 61}, "input.ticketTTLSeconds", "5 to 60")
	bad(map[string]any{"ticketTTLSeconds": 4}, "input.ticketTTLSeconds", "5 to 60")

	var out struct {
		UpdateLoginSetting struct {
			Enabled                                  bool
			AllowedOrigins                           []string
			RedirectURL, StartURL, Snippet, EmbedURL string
		}
	}
	w.aAdmin.MustDo(updateLogin, map[string]any{"corp": w.corp, "in": map[string]any{"enabled": true, "appID": w.app,
		"allowedOrigins": []string{"HTTPS://OA.example.com:443/", "https://oa.example.com", "http://intranet-oa:8080"}}}, &out)
	got := out.UpdateLoginSetting
	if !got.Enabled || strings.Join(got.AllowedOrigins, " ") != "https://oa.example.com http://intranet-oa:8080" {
		t.Fatalf("settings %+v", got)
	}
	if got.RedirectURL != w.callback || got.StartURL != w.env.Server.URL+"/sso/"+itoa(w.corp)+"/start" ||
		!strings.Contains(got.Snippet, "/sso/"+itoa(w.corp)+"/qr.js") || !strings.HasSuffix(got.EmbedURL, "/embed") {
		t.Fatalf("urls %+v", got)
	}
	// Turning off needs nothing; clearing the app while on is refused.
	bad(map[string]any{"clearApp": true}, "input.appID", "请先添加飞书")
	w.settings(map[string]any{"enabled": false, "clearApp": true})
}

// The whole flow as the browser, the simulator's page and the OA see it:
// start → authorize page → callback → ticket on return_to → redeemed once.
func TestQRLoginEndToEnd(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	person := w.users[0]

	r, _ := w.login(person.UserID, oaReturnTo)
	if r.status != http.StatusFound || !strings.HasPrefix(r.location, "https://oa.example.com/sso/done?") {
		t.Fatalf("callback: %d %s %s", r.status, r.location, r.body)
	}
	u, _ := url.Parse(r.location)
	tk := u.Query().Get("ticket")
	if u.Query().Get("from") != "qr" || !strings.HasPrefix(tk, "imt_") || len(tk) < 40 {
		t.Fatalf("return_to lost its query or got no ticket: %s", r.location)
	}
	// Stored hashed: the ticket appears in no Redis key or value.
	keys, _ := w.env.Broker.Client.Keys(context.Background(), "*").Result()
	for _, k := range keys {
		v, _ := w.env.Broker.Client.Get(context.Background(), k).Result()
		if strings.Contains(k, tk) || strings.Contains(v, tk) {
			t.Fatalf("the ticket is stored in clear under %s", k)
		}
	}

	var out redemption
	before := loginCount(t, w.corp, "redeemed")
	w.aToken.MustDo(redeem, map[string]any{"t": tk}, &out)
	if n := loginCount(t, w.corp, "redeemed"); n != before+1 {
		t.Fatalf("imbridge_sso_logins_total{outcome=redeemed} went from %v to %v", before, n)
	}
	if loginCount(t, w.corp, "ticket") < 1 {
		t.Fatal("the ticket was not counted")
	}
	got := out.RedeemLoginTicket
	if got.OaUserID != "OA-0" || got.User.ID != itoa(w.oa["OA-0"]) || got.ImUser.ExternalID != person.UserID ||
		got.Corp.ID != itoa(w.corp) || got.Name != person.Name+" (OA)" || got.Mobile == nil || *got.Mobile != person.Mobile {
		t.Fatalf("redemption %+v", got)
	}
	// Used twice: refused.
	if code, _ := w.aToken.ErrCode(redeem, map[string]any{"t": tk}); code != "NOT_FOUND" {
		t.Fatalf("second redemption: %s", code)
	}
	// The login was audited, and the secret ticket is not in the audit log.
	evs := w.env.Client.AuditEvent.Query().Where(auditevent.ActionIn("login", "redeemLoginTicket")).AllX(viewer.System(context.Background(), "test", w.a.ID))
	var login, redeemed bool
	for _, e := range evs {
		if strings.Contains(e.Summary, tk) {
			t.Fatalf("audit event %q holds the ticket", e.Summary)
		}
		login = login || e.Action == "login" && e.Success && strings.Contains(e.Summary, "OA-0")
		redeemed = redeemed || e.Action == "redeemLoginTicket" && e.Success
	}
	if !login || !redeemed {
		t.Fatalf("audit: login %v, redeemed %v (%d events)", login, redeemed, len(evs))
	}
}

// Tickets: another tenant's token cannot spend one, a read token may not
// redeem, and one past its lifetime is refused.
func TestLoginTicketRefusals(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	w.settings(map[string]any{"ticketTTLSeconds": 20})
	_, _, bToken := w.env.Tenant("b")

	r, _ := w.login(w.users[1].UserID, oaReturnTo)
	tk := r.ticket()
	if code, _ := bToken.ErrCode(redeem, map[string]any{"t": tk}); code != "NOT_FOUND" {
		t.Fatalf("tenant B's token: %s", code)
	}
	if code, _ := w.aRead.ErrCode(redeem, map[string]any{"t": tk}); code != "FORBIDDEN" {
		t.Fatalf("read token: %s", code)
	}
	// Neither spent it.
	var out redemption
	w.aToken.MustDo(redeem, map[string]any{"t": tk}, &out)
	if out.RedeemLoginTicket.OaUserID != "OA-1" {
		t.Fatalf("redemption %+v", out)
	}

	r, _ = w.login(w.users[1].UserID, oaReturnTo)
	w.env.Clock.Advance(21 * time.Second)
	if code, _ := w.aToken.ErrCode(redeem, map[string]any{"t": r.ticket()}); code != "NOT_FOUND" {
		t.Fatalf("expired ticket: %s", code)
	}
	if code, _ := w.aToken.ErrCode(redeem, map[string]any{"t": "imt_forged"}); code != "NOT_FOUND" {
		t.Fatalf("forged ticket: %s", code)
	}
}

// return_to must be on an allowed origin exactly: other hosts, look-alikes,
// user info, other schemes and ports are refused before anything starts.
func TestLoginReturnToOrigins(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	for _, rt := range []string{
		"https://evil.test/", "https://oa.example.com.evil.test/sso", "https://oa.example.com@evil.test/",
		"http://oa.example.com/sso", "https://oa.example.com:8443/sso", "//oa.example.com/sso", "/sso/done",
		"javascript:alert(1)", "", "https://OA.example.com\\@evil.test/",
	} {
		r := w.start(newBrowser(t), rt)
		if r.status != http.StatusBadRequest || r.reason() != "return_to" || r.location != "" {
			t.Errorf("return_to %q: %d %s %s", rt, r.status, r.reason(), r.location)
		}
	}
	// Same origin spelled otherwise is the same origin.
	if r := w.start(newBrowser(t), "HTTPS://oa.example.com:443/x"); r.status != http.StatusFound {
		t.Fatalf("canonical spelling refused: %d %s", r.status, r.reason())
	}
}

// The state: missing, unknown, used, expired, or from another browser.
func TestLoginStateRefusals(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	b := newBrowser(t)
	s := w.start(b, oaReturnTo)
	cb := w.scan(b, s.location, w.users[0].UserID)
	u, _ := url.Parse(cb)
	q := u.Query()

	// Another browser (no cookie, or its own) bringing this callback.
	other := newBrowser(t)
	w.start(other, oaReturnTo) // it has a cookie of its own
	if r := other.do(http.MethodGet, cb, nil); r.reason() != "browser" || r.status != http.StatusBadRequest {
		t.Fatalf("other browser: %d %s", r.status, r.reason())
	}
	// That used the state up: the right browser now gets "state".
	if r := b.do(http.MethodGet, cb, nil); r.reason() != "state" {
		t.Fatalf("used state: %d %s", r.status, r.reason())
	}
	for name, raw := range map[string]string{
		"missing": w.callback + "?code=" + q.Get("code"),
		"unknown": w.callback + "?code=" + q.Get("code") + "&state=nope",
	} {
		if r := b.do(http.MethodGet, raw, nil); r.reason() != "state" || r.status != http.StatusBadRequest {
			t.Errorf("%s state: %d %s", name, r.status, r.reason())
		}
	}
	// Expired: the flow outlives no more than 10 minutes.
	s = w.start(b, oaReturnTo)
	cb = w.scan(b, s.location, w.users[0].UserID)
	w.env.Clock.Advance(11 * time.Minute)
	if r := b.do(http.MethodGet, cb, nil); r.reason() != "state" {
		t.Fatalf("expired state: %d %s", r.status, r.reason())
	}
	// Refused on Feishu's page.
	s = w.start(b, oaReturnTo)
	au, _ := url.Parse(s.location)
	r := b.do(http.MethodPost, s.location, url.Values{"client_id": {ssoAppID}, "redirect_uri": {au.Query().Get("redirect_uri")},
		"state": {au.Query().Get("state")}, "decision": {"deny"}})
	if r = b.do(http.MethodGet, r.location, nil); r.reason() != "denied" {
		t.Fatalf("refused: %d %s", r.status, r.reason())
	}
}

// A code replayed with a fresh state: Feishu refuses it (20065), and the
// page says so.
func TestLoginCodeReplay(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	b := newBrowser(t)
	s := w.start(b, oaReturnTo)
	cb := w.scan(b, s.location, w.users[0].UserID)
	if r := b.do(http.MethodGet, cb, nil); r.ticket() == "" {
		t.Fatalf("first use: %d %s", r.status, r.body)
	}
	code := mustQuery(t, cb, "code")
	s = w.start(b, oaReturnTo)
	state := mustQuery(t, s.location, "state")
	r := b.do(http.MethodGet, w.callback+"?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(state), nil)
	if r.reason() != "platform" || r.ticket() != "" || !strings.Contains(r.body, "already used") {
		t.Fatalf("replayed code: %d %s %s", r.status, r.reason(), r.body)
	}
}

func mustQuery(t *testing.T, raw, key string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || u.Query().Get(key) == "" {
		t.Fatalf("%s has no %s", raw, key)
	}
	return u.Query().Get(key)
}

// People who may not log in: not in the directory (another tenant's
// person), disabled on either side, unbound with binding off, and
// everyone when login is off.
func TestLoginPersonRefusals(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	for _, c := range []struct {
		name, userID, reason string
	}{
		{"not mirrored", w.users[6].UserID, "not_found"},
		{"IM user disabled", w.users[4].UserID, "user_disabled"},
		{"OA user resigned", w.users[5].UserID, "user_disabled"},
		{"unbound, binding off", w.users[3].UserID, "unbound"},
	} {
		r, _ := w.login(c.userID, oaReturnTo)
		if r.reason() != c.reason || r.ticket() != "" || r.status < 400 {
			t.Errorf("%s: %d %s", c.name, r.status, r.reason())
		}
	}
	// A person of another Feishu enterprise: the corp's tenant key is not
	// the one user_info reports, so even a mirrored, bound person is refused.
	actx := viewer.System(context.Background(), "test", w.a.ID)
	w.env.Client.Corp.UpdateOneID(w.corp).SetCorpID("tk-another-enterprise").ExecX(actx)
	if r, _ := w.login(w.users[0].UserID, oaReturnTo); r.reason() != "not_found" || r.ticket() != "" {
		t.Fatalf("another enterprise's person: %d %s", r.status, r.reason())
	}
	w.env.Client.Corp.UpdateOneID(w.corp).SetCorpID("tk-sso").ExecX(actx)
	// Login off: nothing starts.
	w.settings(map[string]any{"enabled": false})
	if r := w.start(newBrowser(t), oaReturnTo); r.reason() != "corp" || r.status != http.StatusNotFound {
		t.Fatalf("disabled corp: %d %s", r.status, r.reason())
	}
}

// Binding at login: by the OA password (checked by the OA through the
// signed call, throttled) and by the auto-bind field.
func TestLoginBindsUnboundPeople(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	w.settings(map[string]any{"bindOnFirstLogin": true, "passwordCheckEndpointID": w.hook})
	person := w.users[3]

	r, b := w.login(person.UserID, oaReturnTo)
	if r.status != http.StatusOK || r.reason() != "bind" {
		t.Fatalf("bind page: %d %s", r.status, r.reason())
	}
	pending := regexpValue(t, r.body, `name="pending" value="([^"]+)"`)
	r = b.do(http.MethodPost, w.env.Server.URL+"/sso/bind", url.Values{"pending": {pending}, "username": {"OA-3"}, "password": {"wrong"}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "Wrong OA account or password") {
		t.Fatalf("wrong password: %d %s", r.status, r.body)
	}
	pending = regexpValue(t, r.body, `name="pending" value="([^"]+)"`)
	r = b.do(http.MethodPost, w.env.Server.URL+"/sso/bind", url.Values{"pending": {pending}, "username": {"OA-3"}, "password": {"oa-pass-OA-3"}})
	if r.ticket() == "" {
		t.Fatalf("right password: %d %s %s", r.status, r.reason(), r.body)
	}
	ctx := viewer.System(context.Background(), "test", w.a.ID)
	bd := w.env.Client.Binding.Query().Where(binding.ImUserID(w.im[person.UserID])).OnlyX(ctx)
	if bd.Method != binding.MethodLogin || *bd.OaUserID != w.oa["OA-3"] {
		t.Fatalf("binding %+v", bd)
	}
	if w.oaRecv.calls != 2 || w.oaRecv.bad != 0 {
		t.Fatalf("the OA was asked %d times, %d unverified", w.oaRecv.calls, w.oaRecv.bad)
	}
	// The form replayed: the pending login is gone.
	if r := b.do(http.MethodPost, w.env.Server.URL+"/sso/bind", url.Values{"pending": {pending}, "username": {"OA-3"}, "password": {"oa-pass-OA-3"}}); r.reason() != "pending" {
		t.Fatalf("replayed bind: %d %s", r.status, r.reason())
	}

	// Brute force: after 5 wrong passwords for one account from one
	// address, the 6th attempt is refused without asking the OA.
	w.env.Client.Binding.Delete().Where(binding.ImUserID(w.im[person.UserID])).ExecX(ctx)
	r, b = w.login(person.UserID, oaReturnTo)
	calls := w.oaRecv.calls
	for i := 0; i < 6; i++ {
		pending = regexpValue(t, r.body, `name="pending" value="([^"]+)"`)
		r = b.do(http.MethodPost, w.env.Server.URL+"/sso/bind", url.Values{"pending": {pending}, "username": {"OA-3"}, "password": {"guess" + itoa(i)}})
		if i < 5 && r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d %s", i, r.status, r.reason())
		}
	}
	if r.status != http.StatusTooManyRequests || r.reason() != "throttled" || w.oaRecv.calls != calls+5 {
		t.Fatalf("6th attempt: %d %s, OA asked %d times", r.status, r.reason(), w.oaRecv.calls-calls)
	}

	// Auto-bind by mobile: OA-3 has the person's mobile. The field is the
	// sync profile's (one setting, seed 003 §4.2.4 (2)): without a profile
	// the login settings cannot set it; with one, setting it here sets the
	// profile's, and the login setting reads it back.
	code, _ := w.aAdmin.ErrCode(updateLogin, map[string]any{"corp": w.corp, "in": map[string]any{"autoBindField": "mobile"}})
	if code != "BAD_USER_INPUT" {
		t.Fatalf("auto-bind field without a sync profile: %s", code)
	}
	prof := w.env.Client.SyncProfile.Create().SetCorpID(w.corp).SetAppID(w.app).SaveX(ctx)
	w.settings(map[string]any{"bindOnFirstLogin": false, "autoBindField": "mobile"})
	if f := w.env.Client.SyncProfile.GetX(ctx, prof.ID).AutoBindField; f != "mobile" {
		t.Fatalf("the sync profile's auto-bind field: %q, want mobile", f)
	}
	r, _ = w.login(person.UserID, oaReturnTo)
	if r.ticket() == "" {
		t.Fatalf("auto-bind: %d %s", r.status, r.reason())
	}
	bd = w.env.Client.Binding.Query().Where(binding.ImUserID(w.im[person.UserID])).OnlyX(ctx)
	if bd.Method != binding.MethodAuto || *bd.OaUserID != w.oa["OA-3"] {
		t.Fatalf("auto binding %+v", bd)
	}
	if n := w.env.Client.AuditEvent.Query().Where(auditevent.Action("bindAtLogin"), auditevent.Success(true)).CountX(ctx); n != 2 {
		t.Fatalf("bindings at login audited: %d, want 2", n)
	}
}

func regexpValue(t *testing.T, body, expr string) string {
	t.Helper()
	i := strings.Index(body, `name="pending" value="`)
	if i < 0 {
		t.Fatalf("no %s in %s", expr, body)
	}
	rest := body[i+len(`name="pending" value="`):]
	return rest[:strings.IndexByte(rest, '"')]
}

// A person found in two tenants whose corps share the Feishu app chooses
// one; the ticket belongs to the chosen tenant.
func TestLoginPicker(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	b, bAdmin, bToken := w.env.Tenant("b")
	var cc struct{ CreateCorp struct{ ID string } }
	bAdmin.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "B 飞书", "apiBaseURL": w.simSrv.URL, "corpID": "tk-sso"}}, &cc)
	bCorp := atoi(t, cc.CreateCorp.ID)
	var ac struct{ CreateApp struct{ ID string } }
	bAdmin.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": bCorp, "name": "登录应用", "appID": ssoAppID, "appSecret": ssoSecret}}, &ac)
	bAdmin.MustDo(updateLogin, map[string]any{"corp": bCorp, "in": map[string]any{"enabled": true, "appID": ac.CreateApp.ID, "allowedOrigins": []string{oaOrigin}}}, nil)
	person := w.users[0]
	bctx := viewer.System(context.Background(), "test", b.ID)
	im := w.env.Client.User.Create().SetCorpID(bCorp).SetExternalID(person.UserID).SetUnionID(person.UnionID).SetName(person.Name).SaveX(bctx)
	oa := w.env.Client.User.Create().SetExternalID("B-OA-0").SetName(person.Name + " (B)").SaveX(bctx)
	w.env.Client.Binding.Create().SetCorpID(bCorp).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).SetMethod(binding.MethodManual).SaveX(bctx)

	r, br := w.login(person.UserID, oaReturnTo)
	if r.status != http.StatusOK || r.reason() != "pick" || !strings.Contains(r.body, "A 飞书") || !strings.Contains(r.body, "B 飞书") {
		t.Fatalf("picker: %d %s %s", r.status, r.reason(), r.body)
	}
	pending := regexpValue(t, r.body, "")
	choice := "1"
	if strings.Index(r.body, "B 飞书") < strings.Index(r.body, "A 飞书") {
		choice = "0"
	}
	// Another browser cannot make the choice.
	if x := newBrowser(t).do(http.MethodPost, w.env.Server.URL+"/sso/pick", url.Values{"pending": {pending}, "choice": {choice}}); x.reason() != "browser" {
		t.Fatalf("pick from another browser: %d %s", x.status, x.reason())
	}
	r = br.do(http.MethodPost, w.env.Server.URL+"/sso/pick", url.Values{"pending": {pending}, "choice": {choice}})
	tk := r.ticket()
	if tk == "" {
		t.Fatalf("pick: %d %s", r.status, r.reason())
	}
	if code, _ := w.aToken.ErrCode(redeem, map[string]any{"t": tk}); code != "NOT_FOUND" {
		t.Fatalf("A redeemed B's ticket: %s", code)
	}
	var out redemption
	bToken.MustDo(redeem, map[string]any{"t": tk}, &out)
	if out.RedeemLoginTicket.OaUserID != "B-OA-0" || out.RedeemLoginTicket.Corp.ID != itoa(bCorp) {
		t.Fatalf("B's redemption %+v", out)
	}
	// The choice is made once.
	if x := br.do(http.MethodPost, w.env.Server.URL+"/sso/pick", url.Values{"pending": {pending}, "choice": {choice}}); x.reason() != "pending" {
		t.Fatalf("second pick: %d %s", x.status, x.reason())
	}
}

// Console sign-in: an admin binds their Feishu account from their profile
// (signed in), then signs in with Feishu; nobody else can.
func TestConsoleSignInWithFeishu(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	w.settings(map[string]any{"consoleSignIn": true})
	person := w.users[2]

	// Providers list the corp.
	pr := newBrowser(t).do(http.MethodGet, w.env.Server.URL+"/sso/console/providers", nil)
	if !strings.Contains(pr.body, `"corpId":"`+itoa(w.corp)+`"`) {
		t.Fatalf("providers: %s", pr.body)
	}
	// Not bound yet: refused.
	b := newBrowser(t)
	s := b.do(http.MethodGet, w.env.Server.URL+"/sso/console/start?corp="+itoa(w.corp), nil)
	if r := b.do(http.MethodGet, w.scan(b, s.location, person.UserID), nil); r.reason() != "no_admin" {
		t.Fatalf("unbound admin: %d %s", r.status, r.reason())
	}
	// Binding needs a signed-in admin.
	if r := newBrowser(t).do(http.MethodGet, w.env.Server.URL+"/sso/console/bind?corp="+itoa(w.corp), nil); r.reason() != "not_signed_in" {
		t.Fatalf("anonymous bind: %d %s", r.status, r.reason())
	}
	adm := w.env.Admin("feishu-admin", admin.RoleOperator, w.a.ID)
	b = newBrowser(t)
	h := http.Header{}
	adm.AuthorizeForTest(h)
	name, value, _ := strings.Cut(h.Get("Cookie"), "=")
	b.cookies[name] = value
	s = b.do(http.MethodGet, w.env.Server.URL+"/sso/console/bind?corp="+itoa(w.corp), nil)
	if r := b.do(http.MethodGet, w.scan(b, s.location, person.UserID), nil); r.status != http.StatusFound || r.location != "/?im=bound" {
		t.Fatalf("bind: %d %s %s", r.status, r.location, r.body)
	}
	ad := w.env.Client.Admin.Query().Where(admin.Username("feishu-admin")).OnlyX(viewer.System(context.Background(), "test", w.a.ID))
	if ad.ImCorpID == nil || *ad.ImCorpID != w.corp || ad.ImUserID != person.UserID {
		t.Fatalf("admin binding %+v", ad)
	}

	// Signing in with Feishu now starts a session for that admin.
	b = newBrowser(t)
	s = b.do(http.MethodGet, w.env.Server.URL+"/sso/console/start?corp="+itoa(w.corp), nil)
	r := b.do(http.MethodGet, w.scan(b, s.location, person.UserID), nil)
	if r.status != http.StatusFound || r.location != "/" || b.cookies["imbridge_session"] == "" {
		t.Fatalf("sign-in: %d %s", r.status, r.location)
	}
	me := b.do(http.MethodGet, w.env.Server.URL+"/auth/me", nil)
	if !strings.Contains(me.body, `"username":"feishu-admin"`) {
		t.Fatalf("/auth/me: %s", me.body)
	}
	// Someone else's Feishu account signs in nobody.
	b = newBrowser(t)
	s = b.do(http.MethodGet, w.env.Server.URL+"/sso/console/start?corp="+itoa(w.corp), nil)
	if r := b.do(http.MethodGet, w.scan(b, s.location, w.users[1].UserID), nil); r.reason() != "no_admin" {
		t.Fatalf("other person: %d %s", r.status, r.reason())
	}
	// Unbinding ends it.
	if r := adm.Do(`mutation { unbindMyIM { id } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("unbind: %+v\n%s", r.Errors, w.env.Logs.String())
	}
	b = newBrowser(t)
	s = b.do(http.MethodGet, w.env.Server.URL+"/sso/console/start?corp="+itoa(w.corp), nil)
	if r := b.do(http.MethodGet, w.scan(b, s.location, person.UserID), nil); r.reason() != "no_admin" {
		t.Fatalf("after unbinding: %d %s", r.status, r.reason())
	}
	// A corp without console sign-in is not offered.
	w.settings(map[string]any{"consoleSignIn": false})
	if r := newBrowser(t).do(http.MethodGet, w.env.Server.URL+"/sso/console/start?corp="+itoa(w.corp), nil); r.reason() != "corp" {
		t.Fatalf("console sign-in off: %d %s", r.status, r.reason())
	}
}

// The app's homepage (opened inside Feishu) logs into the OA: the ticket
// goes to the app's custom homepage on an allowed origin.
func TestLoginFromTheAppHomepage(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	w.aAdmin.MustDo(`mutation($id: ID!, $in: UpdateAppInput!) { updateApp(id: $id, input: $in) { id } }`,
		map[string]any{"id": w.app, "in": map[string]any{"homepageMode": "custom", "homepageURL": "https://oa.example.com/portal?tab=home"}}, nil)
	b := newBrowser(t)
	s := b.do(http.MethodGet, w.env.Server.URL+"/sso/feishu/"+itoa(w.app)+"/home", nil)
	r := b.do(http.MethodGet, w.scan(b, s.location, w.users[0].UserID), nil)
	if !strings.HasPrefix(r.location, "https://oa.example.com/portal?") || r.ticket() == "" || mustQuery(t, r.location, "tab") != "home" {
		t.Fatalf("homepage login: %d %s %s", r.status, r.location, r.reason())
	}
	// A homepage on another origin is not followed: the OA's root is.
	w.aAdmin.MustDo(`mutation($id: ID!, $in: UpdateAppInput!) { updateApp(id: $id, input: $in) { id } }`,
		map[string]any{"id": w.app, "in": map[string]any{"homepageURL": "https://evil.test/"}}, nil)
	b = newBrowser(t)
	s = b.do(http.MethodGet, w.env.Server.URL+"/sso/feishu/"+itoa(w.app)+"/home", nil)
	if r := b.do(http.MethodGet, w.scan(b, s.location, w.users[0].UserID), nil); !strings.HasPrefix(r.location, "https://oa.example.com/?ticket=") {
		t.Fatalf("homepage on another origin: %d %s", r.status, r.location)
	}
	// An app whose corp has login off: a refusal page.
	w.settings(map[string]any{"enabled": false})
	if r := newBrowser(t).do(http.MethodGet, w.env.Server.URL+"/sso/feishu/"+itoa(w.app)+"/home", nil); r.reason() != "corp" {
		t.Fatalf("login off: %d %s", r.status, r.reason())
	}
}

// The snippet and the embed page.
func TestLoginSnippet(t *testing.T) {
	w := newSSOWorld(t)
	if r := newBrowser(t).do(http.MethodGet, w.env.Server.URL+"/sso/"+itoa(w.corp)+"/qr.js", nil); r.status != http.StatusNotFound {
		t.Fatalf("snippet of a corp without login: %d", r.status)
	}
	w.enable()
	r := newBrowser(t).do(http.MethodGet, w.env.Server.URL+"/sso/"+itoa(w.corp)+"/qr.js", nil)
	if r.status != http.StatusOK || !strings.Contains(r.body, `"`+w.env.Server.URL+`/sso/`+itoa(w.corp)+`/start"`) || !strings.Contains(r.body, "data-return-to") {
		t.Fatalf("snippet: %d %s", r.status, r.body)
	}
	r = newBrowser(t).do(http.MethodGet, w.env.Server.URL+"/sso/"+itoa(w.corp)+"/embed?return_to="+url.QueryEscape(oaReturnTo), nil)
	if r.status != http.StatusOK || !strings.Contains(r.body, `target="_top"`) || !strings.Contains(r.body, url.QueryEscape(oaReturnTo)) {
		t.Fatalf("embed: %d %s", r.status, r.body)
	}
	if r := newBrowser(t).do(http.MethodGet, w.env.Server.URL+"/sso/"+itoa(w.corp)+"/embed?return_to="+url.QueryEscape("https://evil.test/"), nil); r.reason() != "return_to" {
		t.Fatalf("embed for another origin: %d %s", r.status, r.reason())
	}
}

// A failing password check shows the person and records for the admin
// the status and its reason, never the OA host's answer (it may be an
// internal service's error text).
func TestLoginPasswordCheckFailureQuotesNoAnswer(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	w.settings(map[string]any{"bindOnFirstLogin": true, "passwordCheckEndpointID": w.hook})
	const secret = "INTERNAL-db-10.0.0.5-stacktrace"
	w.oaRecv.mu.Lock()
	w.oaRecv.fail = `{"error":"` + secret + `"}`
	w.oaRecv.mu.Unlock()
	r, b := w.login(w.users[3].UserID, oaReturnTo)
	pending := regexpValue(t, r.body, `name="pending" value="([^"]+)"`)
	r = b.do(http.MethodPost, w.env.Server.URL+"/sso/bind", url.Values{"pending": {pending}, "username": {"OA-3"}, "password": {"x"}})
	if r.ticket() != "" || r.status < 400 || strings.Contains(r.body, secret) || !strings.Contains(r.body, "HTTP 500") {
		t.Fatalf("refusal: %d %s", r.status, r.body)
	}
	ctx := viewer.System(context.Background(), "test", w.a.ID)
	for _, ev := range w.env.Client.AuditEvent.Query().AllX(ctx) {
		if strings.Contains(ev.Summary, secret) || strings.Contains(ev.Before+ev.After, secret) {
			t.Fatalf("audit event quotes the answer: %+v", ev)
		}
	}
}

// An OA password check that cannot be reached refuses the login without
// naming the OA's address on the page, which anyone who scans can read;
// the tenant's audit log keeps the address and the cause for its admins.
func TestLoginPasswordCheckUnreachableNamesNoAddressOnThePage(t *testing.T) {
	w := newSSOWorld(t)
	w.enable()
	w.settings(map[string]any{"bindOnFirstLogin": true, "passwordCheckEndpointID": w.hook})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	ctx := viewer.System(context.Background(), "test", w.a.ID)
	w.env.Client.WebhookEndpoint.UpdateOneID(w.hook).SetURL("http://" + closed + "/password").ExecX(ctx)

	r, b := w.login(w.users[3].UserID, oaReturnTo)
	pending := regexpValue(t, r.body, `name="pending" value="([^"]+)"`)
	r = b.do(http.MethodPost, w.env.Server.URL+"/sso/bind", url.Values{"pending": {pending}, "username": {"OA-3"}, "password": {"x"}})
	if r.ticket() != "" || r.reason() != "busy" || strings.Contains(r.body, closed) || !strings.Contains(r.body, "password check did not answer") {
		t.Fatalf("refusal page: %d %s", r.status, r.body)
	}
	found := false
	for _, ev := range w.env.Client.AuditEvent.Query().Where(auditevent.SummaryContains("QR login refused (busy)")).AllX(ctx) {
		found = found || strings.Contains(ev.Summary, closed)
	}
	if !found {
		t.Fatal("the audit log does not name the unreachable address for the admins")
	}
}
