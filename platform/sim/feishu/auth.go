package feishu

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// Scopes the simulator knows. DefaultScopes are granted to an app whose
// Scopes are nil.
const (
	ScopeContact           = "contact:contact"                   // read + write the directory
	ScopeContactReadonly   = "contact:contact:readonly_as_app"   // read the directory as the app
	ScopeUserIDReadonly    = "contact:user.id:readonly"          // batch_get_id
	ScopeEmployeeIDRead    = "contact:user.employee_id:readonly" // read user_id fields
	ScopeMessageSendAsBot  = "im:message:send_as_bot"            // send messages as the bot
	ScopeMessage           = "im:message"                        // read + send messages
	tokenRenewWindow       = 30 * time.Minute                    // "less than 30 min left → new token"
	authHeaderBearerPrefix = "Bearer "
)

// Capabilities is the coarse view of scopes the console's app verification
// probes: read the directory, write it, send messages.
type Capabilities struct {
	ContactRead, ContactWrite, MessageSend bool
}

// ScopesFor returns the scopes that grant exactly these capabilities.
func ScopesFor(c Capabilities) []string {
	out := []string{}
	if c.ContactRead {
		out = append(out, ScopeContactReadonly, ScopeUserIDReadonly, ScopeEmployeeIDRead)
	}
	if c.ContactWrite {
		out = append(out, ScopeContact)
	}
	if c.MessageSend {
		out = append(out, ScopeMessageSendAsBot)
	}
	return out
}

// DefaultScopes is what an app gets unless configured otherwise.
var DefaultScopes = []string{ScopeContact, ScopeContactReadonly, ScopeUserIDReadonly,
	ScopeEmployeeIDRead, ScopeUserPhoneRead, ScopeUserEmailRead, ScopeMessageSendAsBot, ScopeMessage, ScopeSendMultiUsers, ScopeSendMultiDepts, ScopeApproval}

// Scope sets per API family: an app needs any one of them (as the docs say
// "开启其中任意一项权限即可调用").
var (
	scopesContactRead  = []string{ScopeContact, ScopeContactReadonly, "contact:contact:readonly"}
	scopesContactWrite = []string{ScopeContact}
	scopesBatchGetID   = []string{ScopeUserIDReadonly}
)

type token struct {
	value     string
	appID     string
	expiresAt time.Time
	calls     int
	revoked   bool
}

// tokenStore is guarded by Server.mu.
type tokenStore struct {
	ttl        time.Duration
	afterCalls int
	byValue    map[string]*token
	latest     map[string]*token // per app: the token the next request gets
}

func newTokenValue(prefix string) string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// issue implements the documented renewal rule: while the latest token has
// at least 30 minutes left the same token comes back (with its remaining
// lifetime), otherwise a new one is minted and the old one stays valid.
func (ts *tokenStore) issue(appID string, now time.Time) *token {
	if t := ts.latest[appID]; t != nil && !t.revoked && t.expiresAt.Sub(now) >= tokenRenewWindow {
		return t
	}
	t := &token{value: newTokenValue("t-"), appID: appID, expiresAt: now.Add(ts.ttl)}
	ts.byValue[t.value] = t
	ts.latest[appID] = t
	return t
}

func (s *Server) authRoutes(add addRoute) {
	add(http.MethodPost, "/open-apis/auth/v3/tenant_access_token/internal", false, nil, s.handleTenantToken)
	add(http.MethodPost, "/open-apis/auth/v3/app_access_token/internal", false, nil, s.handleAppToken)
}

type credentials struct {
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
}

func (s *Server) checkCredentials(c *call) (string, error) {
	var cr credentials
	if err := c.decodeBody(&cr); err != nil {
		return "", err
	}
	c.appID = cr.AppID
	s.mu.Lock()
	a, ok := s.apps[cr.AppID]
	s.mu.Unlock()
	// Feishu answers these with HTTP 200; only the code says what is wrong.
	switch {
	case cr.AppID == "" || cr.AppSecret == "":
		return "", newErr(http.StatusOK, CodeInvalidParam, "invalid param")
	case !ok:
		return "", newErr(http.StatusOK, CodeAppSecretInvalid, "app id not exists")
	case a.Secret != cr.AppSecret:
		return "", newErr(http.StatusOK, CodeAppSecretInvalid, "app secret invalid")
	}
	return cr.AppID, nil
}

func (s *Server) handleTenantToken(c *call) (any, error) {
	appID, err := s.checkCredentials(c)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.now()
	t := s.tokens.issue(appID, now)
	s.mu.Unlock()
	return rawBody{"code": 0, "msg": "ok", "tenant_access_token": t.value,
		"expire": int(t.expiresAt.Sub(now) / time.Second)}, nil
}

// handleAppToken answers like the doc's example: an app_access_token plus
// the tenant token. Contact APIs accept only the tenant token.
func (s *Server) handleAppToken(c *call) (any, error) {
	appID, err := s.checkCredentials(c)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	now := s.now()
	t := s.tokens.issue(appID, now)
	s.mu.Unlock()
	exp := int(t.expiresAt.Sub(now) / time.Second)
	return rawBody{"code": 0, "msg": "ok", "app_access_token": "a-" + strings.TrimPrefix(t.value, "t-"),
		"tenant_access_token": t.value, "expire": exp}, nil
}

// authenticate checks "Authorization: Bearer t-…" and counts the call
// against the token (for TokenExpiresAfterCalls).
func (s *Server) authenticate(r *http.Request) (string, *Error) {
	h := r.Header.Get("Authorization")
	v := strings.TrimSpace(strings.TrimPrefix(h, authHeaderBearerPrefix))
	if h == "" || v == "" {
		return "", errTokenMissing()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens.byValue[v]
	if !ok || t.revoked || !s.now().Before(t.expiresAt) {
		return "", errTokenInvalid()
	}
	if _, ok := s.apps[t.appID]; !ok {
		return "", errTokenInvalid()
	}
	t.calls++
	if s.tokens.afterCalls > 0 && t.calls > s.tokens.afterCalls {
		t.revoked = true
		return "", errTokenInvalid()
	}
	return t.appID, nil
}

func (s *Server) checkScopes(appID string, need []string) *Error {
	if len(need) == 0 {
		return nil
	}
	s.mu.Lock()
	granted := s.apps[appID].Scopes
	s.mu.Unlock()
	if granted == nil {
		granted = DefaultScopes
	}
	for _, n := range need {
		for _, g := range granted {
			if n == g {
				return nil
			}
		}
	}
	return scopeMissing(appID, need)
}

// scopeMissing is the gateway's refusal of an app that lacks every scope in
// need (99991672), naming them as Feishu does.
func scopeMissing(appID string, need []string) *Error {
	list := "[" + strings.Join(need, ", ") + "]"
	e := newErr(http.StatusBadRequest, CodeScopeMissing,
		"Access denied. One of the following scopes is required: %s.应用尚未开通所需的应用身份权限：%s，点击链接申请并开通任一权限即可：https://open.feishu.cn/app/%s/auth?q=%s&op_from=openapi&token_type=tenant",
		list, list, appID, strings.Join(need, ","))
	e.Scopes = need
	return e
}

// HasScope says whether an app has been granted a scope.
func (s *Server) HasScope(appID, scope string) bool {
	return s.checkScopes(appID, []string{scope}) == nil
}

// SetTokenTTL changes the lifetime of tokens issued from now on.
func (s *Server) SetTokenTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens.ttl = d
}

// SetTokenExpiresAfterCalls makes tokens invalid after n API calls (0 = off).
func (s *Server) SetTokenExpiresAfterCalls(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens.afterCalls = n
}

// ExpireTokens invalidates every token of an app ("" = all apps), as if they
// had expired: the next call with one answers 99991663.
func (s *Server) ExpireTokens(appID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens.byValue {
		if appID == "" || t.appID == appID {
			t.revoked = true
		}
	}
}
