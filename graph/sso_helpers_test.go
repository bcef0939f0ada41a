package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	"imbridge/graph/sso"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/webhook"
)

// ssoWorld is a bridge (graphtest) with tenant A's Feishu corp wired to a
// simulator whose app lists the bridge's callback, a mirrored directory,
// OA users, bindings, and a stand-in OA that checks passwords.
type ssoWorld struct {
	t        *testing.T
	env      *graphtest.Env
	sim      *feishusim.Server
	simSrv   *httptest.Server
	org      *feishusim.Org
	users    []feishusim.User // the simulated people, by user_id
	a        *ent.Tenant
	aAdmin   *graphtest.Caller
	aToken   *graphtest.Caller // all scopes, login:redeem among them
	aRead    *graphtest.Caller // read only
	corp     int
	app      int
	oa       map[string]int // OA user id by external id
	im       map[string]int // IM user id by Feishu user_id
	hook     int            // the OA's password check endpoint
	oaRecv   *passwordOA
	callback string
}

const (
	ssoAppID   = "cli_sso_test"
	ssoSecret  = "sso-app-secret-0123456789"
	oaOrigin   = "https://oa.example.com"
	oaReturnTo = "https://oa.example.com/sso/done?from=qr"
)

// passwordOA is the OA's password check endpoint: it verifies the
// signature as docs/qr-login.md tells an OA to, and knows one password.
type passwordOA struct {
	mu     sync.Mutex
	secret string
	calls  int
	bad    int // answers that failed verification
	// fail, when set, is answered with HTTP 500 as JSON (an OA host's
	// internal error page).
	fail string
}

func (o *passwordOA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls++
	if o.fail != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(o.fail))
		return
	}
	if r.Header.Get(webhook.HeaderEvent) != sso.PasswordCheckEvent ||
		webhook.Verify(o.secret, r.Header.Get(webhook.HeaderSignature), r.Header.Get(webhook.HeaderTimestamp), body, time.Now(), webhook.DefaultTolerance) != nil {
		o.bad++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var in sso.PasswordCheck
	_ = json.Unmarshal(body, &in)
	ans := sso.PasswordCheckAnswer{}
	if in.Password == "oa-pass-"+in.Username {
		ans = sso.PasswordCheckAnswer{OK: true, OAUserID: in.Username}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ans)
}

func newSSOWorld(t *testing.T) *ssoWorld {
	t.Helper()
	w := &ssoWorld{t: t, env: graphtest.New(t, graphtest.Options{NoWorker: true}), oa: map[string]int{}, im: map[string]int{}}
	w.callback = w.env.Server.URL + "/sso/feishu/callback"
	w.org = feishusim.Generate(feishusim.GenOptions{Name: "SSO Co", TenantKey: "tk-sso", Users: 8, Departments: 2, Depth: 1, Seed: 11})
	w.sim = feishusim.New(feishusim.Config{Org: w.org, Apps: []feishusim.App{{ID: ssoAppID, Secret: ssoSecret, RedirectURLs: []string{w.callback}}}})
	w.simSrv = httptest.NewServer(w.sim)
	t.Cleanup(func() { w.simSrv.Close(); w.sim.Close() })
	for _, u := range w.org.Snapshot().Users {
		if !u.Resigned {
			w.users = append(w.users, u)
		}
	}
	w.a, w.aAdmin, w.aToken = w.env.Tenant("a")
	w.aRead = w.env.Token(w.a.ID, "a-read", viewer.ScopeRead)

	var cc struct{ CreateCorp struct{ ID string } }
	w.aAdmin.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "A 飞书", "apiBaseURL": w.simSrv.URL, "corpID": "tk-sso"}}, &cc)
	w.corp = atoi(t, cc.CreateCorp.ID)

	// Mirror and OA directory: users[0..5] are mirrored; users[i] ↔ OA-i
	// bound for i < 3; users[3] unbound (OA-3 exists with the same
	// mobile); users[4] mirrored but disabled; users[5] bound to a
	// resigned OA user; users[6] not mirrored at all.
	ctx := viewer.System(context.Background(), "test", w.a.ID)
	for i := 0; i < 6; i++ {
		u := w.users[i]
		st := user.StatusActive
		if i == 4 {
			st = user.StatusDisabled
		}
		im := w.env.Client.User.Create().SetCorpID(w.corp).SetExternalID(u.UserID).SetOpenID(feishusim.OpenID(ssoAppID, u.UserID)).
			SetUnionID(u.UnionID).SetName(u.Name).SetMobile(u.Mobile).SetEmail(u.Email).SetStatus(st).SaveX(ctx)
		w.im[u.UserID] = im.ID
		oaStatus := user.StatusActive
		if i == 5 {
			oaStatus = user.StatusResigned
		}
		ext := "OA-" + string(rune('0'+i))
		oa := w.env.Client.User.Create().SetExternalID(ext).SetName(u.Name + " (OA)").SetMobile(u.Mobile).SetStatus(oaStatus).SaveX(ctx)
		w.oa[ext] = oa.ID
		if i != 3 {
			w.env.Client.Binding.Create().SetCorpID(w.corp).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).SetMethod(binding.MethodManual).SaveX(ctx)
		}
	}

	w.oaRecv = &passwordOA{}
	oaSrv := httptest.NewServer(w.oaRecv)
	t.Cleanup(oaSrv.Close)
	var hk struct {
		CreateWebhookEndpoint struct {
			Endpoint struct{ ID string }
			Secret   string
		}
	}
	w.aAdmin.MustDo(`mutation($in: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $in) { endpoint { id } secret } }`,
		map[string]any{"in": map[string]any{"name": "OA password check", "url": oaSrv.URL + "/password"}}, &hk)
	w.hook = atoi(t, hk.CreateWebhookEndpoint.Endpoint.ID)
	w.oaRecv.secret = hk.CreateWebhookEndpoint.Secret
	return w
}

// addApp creates the corp's app through the API.
func (w *ssoWorld) addApp() {
	var ac struct{ CreateApp struct{ ID string } }
	w.aAdmin.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": w.corp, "name": "登录应用", "appID": ssoAppID, "appSecret": ssoSecret}}, &ac)
	w.app = atoi(w.t, ac.CreateApp.ID)
}

const updateLogin = `mutation($corp: ID!, $in: UpdateLoginSettingInput!) { updateLoginSetting(corpID: $corp, input: $in) { id enabled allowedOrigins redirectURL startURL snippet embedURL ticketTTLSeconds } }`

// settings changes the corp's login settings and fails on any error.
func (w *ssoWorld) settings(in map[string]any) {
	w.t.Helper()
	w.aAdmin.MustDo(updateLogin, map[string]any{"corp": w.corp, "in": in}, nil)
}

// enable turns login on with the app and the OA's origin.
func (w *ssoWorld) enable() {
	w.t.Helper()
	w.addApp()
	w.settings(map[string]any{"enabled": true, "appID": w.app, "allowedOrigins": []string{oaOrigin}})
}

// browser is a browser: its own cookies, no automatic redirects.
type browser struct {
	t       *testing.T
	cookies map[string]string
}

func newBrowser(t *testing.T) *browser { return &browser{t: t, cookies: map[string]string{}} }

// result is one answer the browser got.
type result struct {
	status   int
	location string
	body     string
}

// reason is the refusal key of a page (data-reason).
func (r result) reason() string {
	m := regexp.MustCompile(`data-reason="([a-z_]+)"`).FindStringSubmatch(r.body)
	if m == nil {
		return ""
	}
	return m[1]
}

func (r result) ticket() string {
	u, err := url.Parse(r.location)
	if err != nil {
		return ""
	}
	return u.Query().Get("ticket")
}

func (b *browser) do(method, raw string, form url.Values) result {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, raw, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	var parts []string
	for k, v := range b.cookies {
		parts = append(parts, k+"="+v)
	}
	if len(parts) > 0 {
		req.Header.Set("Cookie", strings.Join(parts, "; "))
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 {
			delete(b.cookies, ck.Name)
		} else {
			b.cookies[ck.Name] = ck.Value
		}
	}
	raw2, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusBadGateway && resp.StatusCode != http.StatusServiceUnavailable {
		b.t.Fatalf("%s %s: %d %s", method, raw, resp.StatusCode, raw2)
	}
	return result{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(raw2)}
}

// start opens the corp's start URL with return_to.
func (w *ssoWorld) start(b *browser, returnTo string) result {
	return b.do(http.MethodGet, w.env.Server.URL+"/sso/"+itoa(w.corp)+"/start?return_to="+url.QueryEscape(returnTo), nil)
}

// scan is the person on the simulator's authorize page: it loads the page
// the start redirected to and posts its form as userID; it returns the
// callback URL Feishu sends the browser to.
func (w *ssoWorld) scan(b *browser, authorize string, userID string) string {
	w.t.Helper()
	if !strings.HasPrefix(authorize, w.simSrv.URL+"/open-apis/authen/v1/authorize?") {
		w.t.Fatalf("start went to %q, want the simulator's authorize page", authorize)
	}
	page := b.do(http.MethodGet, authorize, nil)
	if page.status != http.StatusOK || !strings.Contains(page.body, `name="user_id"`) {
		w.t.Fatalf("authorize page: %d %s", page.status, page.body)
	}
	u, _ := url.Parse(authorize)
	q := u.Query()
	r := b.do(http.MethodPost, authorize, url.Values{"client_id": {q.Get("client_id")}, "redirect_uri": {q.Get("redirect_uri")},
		"state": {q.Get("state")}, "user_id": {userID}, "decision": {"allow"}})
	if r.status != http.StatusFound || !strings.HasPrefix(r.location, w.callback+"?") {
		w.t.Fatalf("decision: %d %s", r.status, r.location)
	}
	return r.location
}

// login runs the whole flow in a fresh browser as userID and returns the
// callback's answer.
func (w *ssoWorld) login(userID, returnTo string) (result, *browser) {
	w.t.Helper()
	b := newBrowser(w.t)
	s := w.start(b, returnTo)
	if s.status != http.StatusFound {
		w.t.Fatalf("start: %d %s", s.status, s.body)
	}
	return b.do(http.MethodGet, w.scan(b, s.location, userID), nil), b
}

const redeem = `mutation($t: String!) { redeemLoginTicket(ticket: $t) { oaUserID name mobile user { id externalID } imUser { externalID } corp { id } } }`

type redemption struct {
	RedeemLoginTicket struct {
		OaUserID string
		Name     string
		Mobile   *string
		User     struct{ ID, ExternalID string }
		ImUser   struct{ ExternalID string }
		Corp     struct{ ID string }
	}
}
