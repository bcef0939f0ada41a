package wecom

import (
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Web login (企业微信Web登录), as path/98151 and path/98176 describe it:
//
//   - GET /wwlogin/sso/login?login_type=CorpApp&appid=CORPID&agentid=&redirect_uri=&state=
//     (on login.work.weixin.qq.com for real) shows the QR code a member
//     scans: here a form choosing which member scans; POSTing it redirects
//     to redirect_uri with code and state ("用户禁止授权则无code参数": a
//     refusal redirects with state alone);
//   - GET /cgi-bin/auth/getuserinfo?access_token=&code= answers the
//     member's userid; a code is good once, for 5 minutes, for the app it
//     was issued to: 40029 (invalid code) otherwise.

// LoginCodeTTL: a login code's life ("code…5分钟内有效").
const LoginCodeTTL = 5 * time.Minute

type loginCode struct {
	agentID int
	userID  string
	expires time.Time
	used    bool
}

type loginStore struct {
	mu    sync.Mutex
	codes map[string]*loginCode
}

const loginPath = "/wwlogin/sso/login"

var loginTmpl = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>企业微信登录 (simulator)</title>
<style>body{font-family:sans-serif;max-width:34em;margin:2em auto;color:#1f2329}
.qr{width:160px;height:160px;background:repeating-linear-gradient(45deg,#07c160 0 6px,#fff 6px 12px);margin:1em 0}
button{padding:.5em 1.2em;margin-right:.5em}.err{color:#c00}</style></head><body>
<h1>企业微信扫码登录 · WeCom QR login</h1>
{{if .Error}}<p class="err" id="error">{{.Error}}</p>{{else}}
<p>{{.Corp}} · 应用 AgentId <b>{{.AgentID}}</b></p>
<div class="qr" title="simulated QR code"></div>
<p>模拟扫码：选择一位成员 · Simulate the scan: choose who scans.</p>
<form method="post" action="">
<input type="hidden" name="agentid" value="{{.AgentID}}">
<input type="hidden" name="redirect_uri" value="{{.RedirectURI}}">
<input type="hidden" name="state" value="{{.State}}">
<p><label>成员 Member <select name="userid" id="user">{{range .Users}}<option value="{{.UserID}}">{{.Name}} ({{.UserID}})</option>{{end}}</select></label></p>
<p><button name="decision" value="allow" id="allow">确认登录 Log in</button><button name="decision" value="deny" id="deny">取消 Cancel</button></p>
</form>{{end}}
</body></html>`))

type loginView struct {
	Corp, AgentID, RedirectURI, State, Error string
	Users                                    []User
}

// login serves the login page (GET) and the member's choice (POST).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		s.loginDecision(w, r)
		return
	}
	q := r.URL.Query()
	v := loginView{Corp: s.org.Name, AgentID: q.Get("agentid"), RedirectURI: q.Get("redirect_uri"), State: q.Get("state")}
	switch {
	case q.Get("login_type") != "CorpApp":
		v.Error = "login_type must be CorpApp (a self-built app)."
	case q.Get("appid") != s.org.CorpID:
		v.Error = "appid is not this corp's CorpID."
	case s.appByAgent(v.AgentID) == nil:
		v.Error = "agentid is not an app of this corp."
	case v.RedirectURI == "":
		v.Error = "redirect_uri is required."
	}
	if v.Error == "" {
		for _, u := range s.org.Users() {
			if u.Status == 1 || u.Status == 4 {
				v.Users = append(v.Users, u)
			}
		}
		sort.SliceStable(v.Users, func(i, j int) bool { return v.Users[i].UserID < v.Users[j].UserID })
		if len(v.Users) > 60 {
			v.Users = v.Users[:60]
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if v.Error != "" {
		w.WriteHeader(http.StatusBadRequest)
	}
	_ = loginTmpl.Execute(w, v)
}

func (s *Server) appByAgent(agent string) *App {
	n, err := strconv.Atoi(agent)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.apps {
		if a.AgentID == n && !a.ContactSync {
			return a
		}
	}
	return nil
}

func (s *Server) loginDecision(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	redirect, err := url.Parse(r.PostForm.Get("redirect_uri"))
	app := s.appByAgent(r.PostForm.Get("agentid"))
	if err != nil || redirect.Scheme == "" || app == nil {
		http.Error(w, "bad redirect_uri or agentid", http.StatusBadRequest)
		return
	}
	q := redirect.Query()
	q.Set("state", r.PostForm.Get("state"))
	if r.PostForm.Get("decision") != "deny" {
		u, ok := s.org.User(r.PostForm.Get("userid"))
		if !ok {
			http.Error(w, "no such member", http.StatusBadRequest)
			return
		}
		q.Set("code", s.LoginCode(app.AgentID, u.UserID))
	}
	redirect.RawQuery = q.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// LoginCode issues a code for userid as if they had scanned (tests).
func (s *Server) LoginCode(agentID int, userID string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	code := hex.EncodeToString(b[:])
	s.logins.mu.Lock()
	if s.logins.codes == nil {
		s.logins.codes = map[string]*loginCode{}
	}
	s.logins.codes[code] = &loginCode{agentID: agentID, userID: userID, expires: s.now().Add(LoginCodeTTL)}
	s.logins.mu.Unlock()
	return code
}

// authUserInfo: GET auth/getuserinfo?code= — the member, once per code.
func (s *Server) authUserInfo(w http.ResponseWriter, r *http.Request, api string, app *App) {
	code := r.URL.Query().Get("code")
	s.logins.mu.Lock()
	c := s.logins.codes[code]
	ok := c != nil && !c.used && s.now().Before(c.expires) && c.agentID == app.AgentID
	if ok {
		c.used = true
	}
	s.logins.mu.Unlock()
	if !ok {
		s.answer(w, r, api, 40029, nil)
		return
	}
	s.answer(w, r, api, 0, map[string]any{"userid": c.userID, "user_ticket": ""})
}
