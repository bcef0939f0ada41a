package feishu

import (
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Web login, as the doc pages 获取授权码 (obtain-oauth-code), 获取
// user_access_token (get-user-access-token, v2) and 获取用户信息
// (authen-v1/user_info/get) describe it:
//
//   - GET /open-apis/authen/v1/authorize (on accounts.feishu.cn for real)
//     shows the page a person "scans": here a form choosing which simulated
//     person consents (or refuses); POSTing it redirects to redirect_uri
//     with code and state, or error=access_denied and state. redirect_uri
//     must be in the app's RedirectURLs when the app lists any (安全设置 ›
//     重定向 URL).
//   - POST /open-apis/authen/v2/oauth/token exchanges a code (5 minutes,
//     once) for a user access token, answering the documented codes with
//     HTTP 400 and {code, error, error_description}.
//   - GET /open-apis/authen/v1/user_info reads who a user token belongs to
//     (HTTP 200 and the documented codes when it cannot).
const (
	CodeOAuthMissingParam     = 20001 // "The request is missing a required parameter."
	CodeOAuthClientSecret     = 20002 // "The client secret is invalid."
	CodeOAuthCodeNotFound     = 20003 // "The authorization code is not found. …"
	CodeOAuthCodeExpired      = 20004 // "The authorization code has expired."
	CodeUserTokenInvalid      = 20005 // user_info: "The user access token passed is invalid"
	CodeOAuthCodeClient       = 20024 // code issued to another client_id
	CodeOAuthGrantType        = 20036 // "The specified grant_type is not supported."
	CodeOAuthAppNotExist      = 20048 // "The specified app does not exist."
	CodeOAuthCodeUsed         = 20065 // "The authorization code has been used."
	CodeOAuthUserStatus       = 20066 // "The user status is invalid."
	CodeOAuthAuthMethods      = 20070 // Basic authentication and client_secret together
	CodeOAuthRedirectMismatch = 20071 // redirect_uri differs from the authorize request's
	CodeUserInfoResigned      = 20021 // user_info: "User resigned"
	CodeUserInfoFrozen        = 20022 // user_info: "User frozen"

	// OAuthCodeTTL: "授权码的有效期为 5 分钟，且只能被使用一次".
	OAuthCodeTTL = 5 * time.Minute
	// userTokenTTL is the example's expires_in (7200, "非固定值").
	userTokenTTL = 2 * time.Hour

	// Field permissions of user_info's sensitive fields.
	ScopeUserPhoneRead = "contact:user.phone:readonly"
	ScopeUserEmailRead = "contact:user.email:readonly"
)

type oauthCode struct {
	appID, userID, redirectURI string
	expires                    time.Time
	used                       bool
}

type userToken struct {
	appID, userID string
	expires       time.Time
}

// oauthStore holds codes and user tokens.
type oauthStore struct {
	mu     sync.Mutex
	codes  map[string]*oauthCode
	tokens map[string]*userToken
}

// API names of the web-login routes.
const (
	APIOAuthToken = "POST /open-apis/authen/v2/oauth/token"
	APIUserInfo   = "GET /open-apis/authen/v1/user_info"
)

func (s *Server) oauthRoutes(add addRoute) {
	add(http.MethodPost, "/open-apis/authen/v2/oauth/token", false, nil, s.handleOAuthToken)
	add(http.MethodGet, "/open-apis/authen/v1/user_info", false, nil, s.handleUserInfo)
}

// Authorize issues a code as if the person userID consented on the
// authorize page of appID for redirectURI (what POSTing the page's form
// does), for tests that do not drive the page.
func (s *Server) Authorize(appID, userID, redirectURI string) (string, error) {
	s.mu.Lock()
	a, ok := s.apps[appID]
	var redirects []string
	if ok {
		redirects = a.RedirectURLs
	}
	now := s.now()
	s.mu.Unlock()
	if !ok {
		return "", newErr(http.StatusBadRequest, CodeOAuthAppNotExist, "The specified app does not exist.")
	}
	if len(redirects) > 0 && !slices.Contains(redirects, redirectURI) {
		return "", newErr(http.StatusBadRequest, CodeOAuthRedirectMismatch, "redirect_uri is not in the app's redirect URLs (安全设置 › 重定向 URL)")
	}
	if _, ok := s.org.User(userID); !ok {
		return "", newErr(http.StatusBadRequest, CodeOAuthUserStatus, "no such user")
	}
	code := newTokenValue("")
	st := &s.oauth
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.codes == nil {
		st.codes, st.tokens = map[string]*oauthCode{}, map[string]*userToken{}
	}
	st.codes[code] = &oauthCode{appID: appID, userID: userID, redirectURI: redirectURI, expires: now.Add(OAuthCodeTTL)}
	return code, nil
}

// oauthFail is the token endpoint's refusal: HTTP 400 (the doc's table)
// with the RFC 6749 error name next to Feishu's code.
func oauthFail(code int, rfc, desc string) *Error {
	e := newErr(http.StatusBadRequest, code, "%s", desc)
	e.OAuthError = rfc
	return e
}

func (s *Server) handleOAuthToken(c *call) (any, error) {
	in := map[string]string{}
	if strings.HasPrefix(c.r.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(c.body, &in); err != nil {
			return nil, oauthFail(20063, "invalid_request", "The request is malformed. Please check your request.")
		}
	} else {
		q, err := url.ParseQuery(string(c.body))
		if err != nil {
			return nil, oauthFail(20063, "invalid_request", "The request is malformed. Please check your request.")
		}
		for k := range q {
			in[k] = q.Get(k)
		}
	}
	_, _, basic := c.r.BasicAuth()
	switch {
	case in["grant_type"] == "":
		return nil, oauthFail(CodeOAuthMissingParam, "invalid_request", "The request is missing a required parameter: grant_type.")
	case in["grant_type"] != "authorization_code":
		return nil, oauthFail(CodeOAuthGrantType, "unsupported_grant_type", "The specified grant_type is not supported.")
	case basic && in["client_secret"] != "":
		return nil, oauthFail(CodeOAuthAuthMethods, "invalid_request", "Multiple authentication methods were provided. Please only use one to proceed.")
	case in["client_id"] == "" || in["client_secret"] == "" || in["code"] == "":
		return nil, oauthFail(CodeOAuthMissingParam, "invalid_request", "The request is missing a required parameter.")
	}
	c.appID = in["client_id"]
	s.mu.Lock()
	a, ok := s.apps[in["client_id"]]
	now := s.now()
	s.mu.Unlock()
	if !ok {
		return nil, oauthFail(CodeOAuthAppNotExist, "invalid_client", "The specified app does not exist.")
	}
	if a.Secret != in["client_secret"] {
		return nil, oauthFail(CodeOAuthClientSecret, "invalid_client", "The client secret is invalid.")
	}
	st := &s.oauth
	st.mu.Lock()
	defer st.mu.Unlock()
	code := st.codes[in["code"]]
	switch {
	case code == nil:
		return nil, oauthFail(CodeOAuthCodeNotFound, "invalid_grant", "The authorization code is not found. Please note that an authorization code can only be used once.")
	case code.used:
		return nil, oauthFail(CodeOAuthCodeUsed, "invalid_grant", "The authorization code has been used. Please note that an authorization code can only be used once.")
	case !now.Before(code.expires):
		return nil, oauthFail(CodeOAuthCodeExpired, "invalid_grant", "The authorization code has expired.")
	case code.appID != in["client_id"]:
		return nil, oauthFail(CodeOAuthCodeClient, "invalid_grant", "The provided authorization code or refresh token does not match the provided client ID.")
	case code.redirectURI != in["redirect_uri"]:
		return nil, oauthFail(CodeOAuthRedirectMismatch, "invalid_grant", "The provided redirect URI does not match the one used during authorization.")
	}
	code.used = true
	if u, ok := s.org.User(code.userID); !ok || u.Resigned || u.Frozen {
		return nil, oauthFail(CodeOAuthUserStatus, "invalid_grant", "The user status is invalid.")
	}
	tok := newTokenValue("u-")
	st.tokens[tok] = &userToken{appID: code.appID, userID: code.userID, expires: now.Add(userTokenTTL)}
	return rawBody{"code": 0, "access_token": tok, "expires_in": int(userTokenTTL / time.Second), "token_type": "Bearer", "scope": ""}, nil
}

func (s *Server) handleUserInfo(c *call) (any, error) {
	bearer, _ := strings.CutPrefix(c.r.Header.Get("Authorization"), authHeaderBearerPrefix)
	s.mu.Lock()
	now := s.now()
	s.mu.Unlock()
	st := &s.oauth
	st.mu.Lock()
	t := st.tokens[bearer]
	st.mu.Unlock()
	if t == nil || !now.Before(t.expires) {
		return nil, newErr(http.StatusOK, CodeUserTokenInvalid, "The user access token passed is invalid. Please check the value")
	}
	c.appID = t.appID
	u, ok := s.org.User(t.userID)
	switch {
	case !ok:
		return nil, newErr(http.StatusOK, 20008, "User not exist")
	case u.Resigned:
		return nil, newErr(http.StatusOK, CodeUserInfoResigned, "User resigned")
	case u.Frozen:
		return nil, newErr(http.StatusOK, CodeUserInfoFrozen, "User frozen")
	}
	has := func(scope string) bool { return s.checkScopes(t.appID, []string{scope}) == nil }
	out := map[string]any{
		"name": u.Name, "en_name": u.EnName, "avatar_url": "https://sim.invalid/avatar/" + u.UserID,
		"open_id": OpenID(t.appID, u.UserID), "union_id": u.UnionID, "tenant_key": s.org.TenantKey(),
	}
	if has(ScopeEmployeeIDRead) {
		out["user_id"] = u.UserID
	}
	if has(ScopeUserPhoneRead) {
		out["mobile"] = u.Mobile
	}
	if has(ScopeUserEmailRead) {
		out["email"] = u.Email
	}
	if has(ScopeContactReadonly) || has(ScopeContact) {
		out["employee_no"] = u.EmployeeNo
	}
	return out, nil
}

// serveAuthorize answers the authorize page: GET shows it, POST is the
// person's decision.
func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path != authorizePagePath {
		return false
	}
	switch r.Method {
	case http.MethodGet:
		s.authorizePage(w, r)
	case http.MethodPost:
		s.authorizeDecision(w, r)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
	return true
}

const authorizePagePath = "/open-apis/authen/v1/authorize"

// pageUsers bounds the people the page lists (the form also takes any
// user_id).
const pageUsers = 60

var authorizeTmpl = template.Must(template.New("authorize").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>飞书授权 (simulator)</title>
<style>body{font-family:sans-serif;max-width:34em;margin:2em auto;color:#1f2329}
.qr{width:160px;height:160px;background:repeating-linear-gradient(45deg,#1f2329 0 6px,#fff 6px 12px);margin:1em 0}
button{padding:.5em 1.2em;margin-right:.5em}.err{color:#c00}</style></head><body>
<h1>飞书扫码登录 · Feishu QR login</h1>
{{if .Error}}<p class="err" id="error">{{.Error}}</p>{{else}}
<p>应用 App <b>{{.AppID}}</b> 请求获取你的身份信息 · wants to know who you are.</p>
<div class="qr" title="simulated QR code"></div>
<p>模拟扫码：选择一位成员 · Simulate the scan: choose who scans.</p>
<form method="post" action="">
<input type="hidden" name="client_id" value="{{.AppID}}">
<input type="hidden" name="redirect_uri" value="{{.RedirectURI}}">
<input type="hidden" name="state" value="{{.State}}">
<p><label>成员 Person <select name="user_id" id="user">{{range .Users}}<option value="{{.UserID}}">{{.Name}} ({{.UserID}})</option>{{end}}</select></label></p>
<p><label>或 user_id · or user_id <input name="other_user_id" id="other-user"></label></p>
<p><button name="decision" value="allow" id="allow">授权 Authorize</button><button name="decision" value="deny" id="deny">拒绝 Refuse</button></p>
</form>{{end}}
</body></html>`))

type authorizeView struct {
	AppID, RedirectURI, State, Error string
	Users                            []User
}

func (s *Server) authorizePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := authorizeView{AppID: q.Get("client_id"), RedirectURI: q.Get("redirect_uri"), State: q.Get("state")}
	s.mu.Lock()
	a, ok := s.apps[v.AppID]
	var redirects []string
	if ok {
		redirects = a.RedirectURLs
	}
	s.mu.Unlock()
	switch {
	case !ok:
		v.Error = "The specified app does not exist (client_id)."
	case q.Get("response_type") != "code":
		v.Error = "response_type must be code."
	case v.RedirectURI == "" || len(redirects) > 0 && !slices.Contains(redirects, v.RedirectURI):
		v.Error = "redirect_uri is not in the app's redirect URLs (开发配置 › 安全设置 › 重定向 URL)."
	}
	if v.Error == "" {
		snap := s.org.Snapshot()
		for _, u := range snap.Users {
			if !u.Resigned && !u.Frozen {
				v.Users = append(v.Users, u)
			}
		}
		sort.SliceStable(v.Users, func(i, j int) bool { return v.Users[i].UserID < v.Users[j].UserID })
		if len(v.Users) > pageUsers {
			v.Users = v.Users[:pageUsers]
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if v.Error != "" {
		w.WriteHeader(http.StatusBadRequest)
	}
	_ = authorizeTmpl.Execute(w, v)
}

func (s *Server) authorizeDecision(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	redirect, err := url.Parse(r.PostForm.Get("redirect_uri"))
	if err != nil || redirect.Scheme == "" {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	q := redirect.Query()
	if st := r.PostForm.Get("state"); st != "" {
		q.Set("state", st)
	}
	if r.PostForm.Get("decision") == "deny" {
		q.Set("error", "access_denied")
	} else {
		user := strings.TrimSpace(r.PostForm.Get("other_user_id"))
		if user == "" {
			user = r.PostForm.Get("user_id")
		}
		code, err := s.Authorize(r.PostForm.Get("client_id"), user, r.PostForm.Get("redirect_uri"))
		if err != nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			_ = authorizeTmpl.Execute(w, authorizeView{Error: err.Error()})
			return
		}
		q.Set("code", code)
	}
	redirect.RawQuery = q.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}
