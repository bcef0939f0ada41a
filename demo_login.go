package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/apitoken"
	"imbridge/ent/corp"
	"imbridge/ent/loginsetting"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/graph/auth"
	"imbridge/graph/sso"
	feishusim "imbridge/platform/sim/feishu"
)

// The demo's QR-code login (issue 10): the demo corp has login on, with
// the simulator's app (whose redirect URLs list our callback), tickets
// going to the demo OA's login page (/demo/oa/login), auto-binding by
// mobile and binding by the OA password (the demo OA accepts the password
// "demo" for every OA account it has); the demo OA redeems tickets with a
// token of its own, through GraphQL, as a real OA would. The bootstrap
// admin is bound to one simulated person, so the console can be signed
// into with Feishu at once.
const (
	demoLoginPath     = demoOAPath + "/login"
	demoOAPassword    = "demo"
	demoRedeemToken   = "演示 OA (demo login)"
	demoAdminPersonIx = 0 // the first person who can log in signs the admin in
)

// demoLogin is what the demo OA's login page needs.
type demoLogin struct {
	mu       sync.Mutex
	corpID   int
	token    string // login:redeem, plaintext in memory only
	query    string // the GraphQL endpoint
	people   []feishusim.User
	accounts map[string]bool // the demo OA's account ids (OA external ids)
}

// startLogin wires QR-code login for the demo once the server listens.
func (d *demo) startLogin(ctx context.Context, a *app, host string) error {
	sys := viewer.System(ctx, "demo", d.tenID)
	db := a.db.Client
	callback := a.sso.CallbackURL(corp.PlatformFeishu)
	if sa, ok := d.sim.App(demoAppID); ok && !slices.Contains(sa.RedirectURLs, callback) {
		sa.RedirectURLs = append(sa.RedirectURLs, callback)
		d.sim.AddApp(sa)
	}
	origins := []string{}
	for _, raw := range []string{a.cfg.PublicURL, "http://" + host} {
		if o, err := sso.Origin(raw); err == nil && !slices.Contains(origins, o) {
			origins = append(origins, o)
		}
	}
	cur, err := db.LoginSetting.Query().Where(loginsetting.CorpID(d.corp.ID)).Only(sys)
	in := sso.SettingsInput{AllowedOrigins: origins}
	switch {
	case ent.IsNotFound(err):
		on, field := true, "mobile"
		in = sso.SettingsInput{Enabled: &on, AppID: &d.app.ID, AllowedOrigins: origins, AutoBindField: &field,
			BindOnFirstLogin: &on, PasswordCheckEndpointID: &d.oa.endpointID, ConsoleSignIn: &on}
	case err != nil:
		return err
	default:
		for _, o := range cur.AllowedOrigins {
			if !slices.Contains(in.AllowedOrigins, o) {
				in.AllowedOrigins = append(in.AllowedOrigins, o)
			}
		}
	}
	if _, err := sso.UpdateSettings(sys, db, d.corp.ID, in); err != nil {
		return fmt.Errorf("the demo's login settings: %w", err)
	}
	// A fresh redeem token each start: only its hash is stored.
	if _, err := db.APIToken.Delete().Where(apitoken.Name(demoRedeemToken)).Exec(sys); err != nil {
		return err
	}
	token, hash, prefix := auth.NewToken()
	if err := db.APIToken.Create().SetName(demoRedeemToken).SetTokenHash(hash).SetPrefix(prefix).
		SetScopes([]string{string(viewer.ScopeLoginRedeem)}).Exec(sys); err != nil {
		return err
	}
	people, accounts := d.loginPeople()
	d.login.mu.Lock()
	d.login.corpID, d.login.token, d.login.query = d.corp.ID, token, "http://"+host+"/query"
	d.login.people, d.login.accounts = people, accounts
	d.login.mu.Unlock()
	d.oa.mu.Lock()
	d.oa.logins = accounts
	d.oa.mu.Unlock()
	return d.bindAdmin(ctx, db, people)
}

// loginPeople are the simulated people auto-binding logs in (in both
// directories with the same mobile: see oaDirectory), and the demo OA's
// account ids.
func (d *demo) loginPeople() ([]feishusim.User, map[string]bool) {
	accounts := map[string]bool{}
	for _, u := range d.oaDirectory().Users {
		accounts[u.ExternalID] = true
	}
	var people []feishusim.User
	for i, u := range d.org.Snapshot().Users {
		if !u.Resigned && !u.Frozen && i%20 < 17 && len(people) < 3 {
			people = append(people, u)
		}
	}
	return people, accounts
}

// bindAdmin binds the bootstrap admin to the first of those people, unless
// it is bound already (an admin may change it on the profile).
func (d *demo) bindAdmin(ctx context.Context, db *ent.Client, people []feishusim.User) error {
	if len(people) == 0 {
		return nil
	}
	p := people[demoAdminPersonIx]
	all := privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "demo"}), privacy.Allow)
	_, err := db.Admin.Update().Where(admin.Username(auth.BootstrapUsername), admin.ImCorpIDIsNil()).
		SetImCorpID(d.corp.ID).SetImUserID(p.UserID).SetImUnionID(p.UnionID).SetImName(p.Name).Save(all)
	return err
}

// mountLogin serves the demo OA's login page.
func (d *demo) mountLogin(mux *http.ServeMux) {
	mux.HandleFunc("GET "+demoLoginPath, d.loginPage)
}

var demoLoginTmpl = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>演示 OA 登录 · Demo OA login</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222;max-width:46em}.ok{color:#389e0d}.bad{color:#cf1322}
.box{border:1px solid #ddd;border-radius:8px;padding:1.5em;margin:1em 0}code{background:#f5f5f5;padding:0 .3em}</style></head><body>
<h1>演示 OA · Demo OA</h1>
{{if .Account}}<div class="box" id="account"><p class="ok">已登录 · Logged in</p>
<p>OA 账号 · OA account: <b id="oa-user-id">{{.Account.OaUserID}}</b></p><p>姓名 · Name: <span id="oa-name">{{.Account.Name}}</span></p>
<p class="muted">通过 · through {{.Account.Corp.Name}}, Feishu person {{.Account.ImUser.Name}}</p></div>
<p><a href="{{.Self}}">退出 · Log out</a></p>
{{else}}
{{if .Error}}<p class="bad" id="login-error">{{.Error}}</p>{{end}}
<div class="box"><p>用户名 · Username <input disabled> 密码 · Password <input type="password" disabled></p>
<p>这是一个 OA 登录页的替身：右上角的“飞书扫码登录”由桥接服务的代码片段渲染。
<br>A stand-in for an OA's login page: the "Log in with Feishu" entry in the top right corner is the bridge's snippet.</p></div>
<p>在模拟器的授权页上，以下成员可直接登录（按手机号自动绑定）· On the simulator's page, these people log in at once (bound by mobile):</p>
<ul>{{range .People}}<li data-user-id="{{.UserID}}">{{.Name}} <code>{{.UserID}}</code></li>{{end}}</ul>
<p>其他成员可用 OA 账号（如 <code>OA-X000</code>）和密码 <code>{{.Password}}</code> 绑定 · Others bind with an OA account (e.g. OA-X000) and the password "{{.Password}}".</p>
<script src="{{.Snippet}}" data-return-to="{{.Return}}"></script>
{{end}}</body></html>`))

// redeemed is the part of redeemLoginTicket the page shows.
type redeemed struct {
	OaUserID string
	Name     string
	Corp     struct{ Name string }
	ImUser   struct{ Name string }
}

// loginPage shows the QR entry, or, with ?ticket=…, redeems the ticket
// (server side, with the demo OA's token) and shows the OA account.
func (d *demo) loginPage(w http.ResponseWriter, r *http.Request) {
	d.login.mu.Lock()
	corpID, token, query, people := d.login.corpID, d.login.token, d.login.query, d.login.people
	d.login.mu.Unlock()
	self := "http://" + r.Host + demoLoginPath
	data := map[string]any{"Self": demoLoginPath, "People": people, "Password": demoOAPassword,
		"Snippet": fmt.Sprintf("/sso/%d/qr.js", corpID), "Return": self}
	if t := r.URL.Query().Get("ticket"); t != "" {
		acc, err := demoRedeem(r.Context(), query, token, t)
		if err != nil {
			data["Error"] = "登录票据无效 · The ticket was refused: " + err.Error()
		} else {
			data["Account"] = acc
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	_ = demoLoginTmpl.Execute(w, data)
}

// redeem calls the bridge's GraphQL API as the OA does.
func demoRedeem(ctx context.Context, query, token, ticket string) (*redeemed, error) {
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($t: String!) { redeemLoginTicket(ticket: $t) { oaUserID name corp { name } imUser { name } } }`,
		"variables": map[string]any{"t": ticket},
	})
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, query, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Data   struct{ RedeemLoginTicket *redeemed }
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("%s", out.Errors[0].Message)
	}
	if out.Data.RedeemLoginTicket == nil {
		return nil, fmt.Errorf("no redemption")
	}
	return out.Data.RedeemLoginTicket, nil
}

// checkPassword answers the bridge's signed login.password_check (verified
// by receive): every demo OA account has the password "demo".
func (o *demoOA) checkPassword(w http.ResponseWriter, body []byte, accounts map[string]bool) {
	var in sso.PasswordCheck
	_ = json.Unmarshal(body, &in)
	ans := sso.PasswordCheckAnswer{}
	if u := strings.TrimSpace(in.Username); accounts[u] && in.Password == demoOAPassword {
		ans = sso.PasswordCheckAnswer{OK: true, OAUserID: u}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ans)
}
