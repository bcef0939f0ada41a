// Package wecom is an in-process simulator of WeCom's (企业微信) server
// APIs, speaking the real wire format so the bridge's client
// (platform/wecom) runs against it unchanged: paths under /cgi-bin/,
// access_token as a query parameter, answers {"errcode", "errmsg", …}
// always with HTTP 200, the real errcodes (40001, 40013, 40014, 42001,
// 45009, 48002, 60011, 60111, 81013…), token expiry, the per-corp per-cgi
// frequency limits, apps created after 2022-06-20 getting no mobile or
// e-mail, write APIs only for the 通讯录同步 secret, message/send with the
// duplicate check and invaliduser, and callbacks pushed encrypted as
// WXBizMsgCrypt does (change_contact events). Tests, benchmarks and the
// demo use it; it can add latency and inject errcodes.
//
// Files: server.go (Config, Server, routing, limits, faults, the request
// log), org.go (the directory and its generator), contact.go (department
// and user APIs), message.go (message/send, recall), callback.go
// (encrypted event pushes).
package wecom

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// App is an app (or the 通讯录同步 secret) of the simulated enterprise.
type App struct {
	// AgentID is the app's AgentId; 0 for the 通讯录同步 secret.
	AgentID int
	Secret  string
	// ContactSync marks the 通讯录同步 secret: it may write contacts and
	// cannot send messages.
	ContactSync bool
	// NewApp marks an app created after 2022-06-20: user/get and user/list
	// answer without mobile, email, gender (path/96260).
	NewApp bool
	// VisibleRange lists the departments whose subtrees the app sees; nil
	// means the whole enterprise.
	VisibleRange []int
	// Living: the app is in 直播 › 可调用接口的应用.
	Living bool
	// Callback: where events are pushed, with the app's Token and
	// EncodingAESKey (empty URL: no pushes).
	CallbackURL, Token, EncodingAESKey string
}

// Config sets the simulator up.
type Config struct {
	Org  *Org
	Apps []App
	// TokenTTL is expires_in, default 7200 s.
	TokenTTL time.Duration
	// PerMinute is the per-corp per-cgi limit (45009 beyond it), default
	// 10,000 (path/90454); negative disables limits.
	PerMinute int
	// Latency is added to every request.
	Latency time.Duration
	Now     func() time.Time
}

// Server is the simulator, an http.Handler.
type Server struct {
	org *Org

	mu       sync.Mutex
	apps     map[string]*App // by secret
	tokens   map[string]*token
	now      func() time.Time
	ttl      time.Duration
	perMin   int
	windows  map[string]*window
	latency  time.Duration
	inject   []int // errcodes to answer the next calls with
	requests []Request
	msgs     messageStore
	events   *pusher
	livings  livingStore // living.go
	logins   loginStore  // login.go
	fault    faultState  // fault.go
}

type token struct {
	app     *App
	expires time.Time
}

type window struct {
	start time.Time
	n     int
}

// Request is one call the simulator answered.
type Request struct {
	API     string // "GET /cgi-bin/user/list"
	ErrCode int
}

// New builds a simulator.
func New(cfg Config) *Server {
	if cfg.Org == nil {
		cfg.Org = NewOrg("模拟企业微信科技", "wwsim0000000000001")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = 7200 * time.Second
	}
	if cfg.PerMinute == 0 {
		cfg.PerMinute = 10000
	}
	s := &Server{org: cfg.Org, apps: map[string]*App{}, tokens: map[string]*token{}, now: cfg.Now,
		ttl: cfg.TokenTTL, perMin: cfg.PerMinute, windows: map[string]*window{}, latency: cfg.Latency}
	s.msgs.init()
	for _, a := range cfg.Apps {
		s.AddApp(a)
	}
	s.events = newPusher(s)
	s.org.onChange = s.events.push
	return s
}

// Org is the simulated directory.
func (s *Server) Org() *Org { return s.org }

// AddApp registers an app.
func (s *Server) AddApp(a App) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps[a.Secret] = &a
}

// SetCallback points an app's pushes at url with its Token and key.
func (s *Server) SetCallback(secret, url, tok, aesKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.apps[secret]; a != nil {
		a.CallbackURL, a.Token, a.EncodingAESKey = url, tok, aesKey
	}
}

// SetLatency changes the added latency.
func (s *Server) SetLatency(d time.Duration) { s.mu.Lock(); s.latency = d; s.mu.Unlock() }

// SetPerMinute changes the per-corp per-cgi limit (negative: off).
func (s *Server) SetPerMinute(n int) {
	s.mu.Lock()
	s.perMin = n
	s.windows = map[string]*window{}
	s.mu.Unlock()
}

// Inject makes the next API calls (not gettoken) answer these errcodes,
// one each, in order (e.g. 45009, -1).
func (s *Server) Inject(codes ...int) {
	s.mu.Lock()
	s.inject = append(s.inject, codes...)
	s.mu.Unlock()
}

// ExpireTokens makes every issued token expired (42001 on next use).
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.expires = s.now().Add(-time.Second)
	}
}

// Requests returns the calls answered so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count counts the calls of one API.
func (s *Server) Count(api string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.API == api {
			n++
		}
	}
	return n
}

// Close stops pushing events.
func (s *Server) Close() { s.events.close() }

// errmsgs are the messages WeCom answers with, as seen on the wire.
var errmsgs = map[int]string{
	40029:  "invalid code",
	-1:     "system busy",
	40001:  "invalid credential",
	40013:  "invalid corpid",
	40014:  "invalid access_token",
	41001:  "access_token missing",
	42001:  "access_token expired",
	45009:  "api freq out of limit",
	48002:  "api forbidden",
	60003:  "department not found",
	60008:  "department existed",
	60011:  "no privilege to access/modify contact/party/agent",
	60102:  "userid existed",
	60104:  "mobile existed",
	60111:  "userid not found",
	60123:  "invalid party id",
	60129:  "missing mobile or email",
	60005:  "department contains user",
	60006:  "department contains sub-department",
	81013:  "user & party & tag all invalid",
	40058:  "invalid parameter",
	40032:  "invalid user list size",
	301002: "not allow operate another agent with this accesstoken.",
	60004:  "parent department not found",
	60007:  "not allow to delete root department",
	60009:  "invalid party name",
	60010:  "department cycle",
	60001:  "invalid party name length",
	60140:  "invalid response_code",
}

// answer writes {"errcode":code,"errmsg":…} plus fields, with WeCom's
// ", hint: [...]" suffix on refusals.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, api string, code int, fields map[string]any) {
	out := map[string]any{"errcode": code, "errmsg": "ok"}
	if code != 0 {
		var hint [8]byte
		_, _ = rand.Read(hint[:])
		out["errmsg"] = errmsgs[code] + ", hint: [" + hex.EncodeToString(hint[:]) + "], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=" + itoa(code)
	}
	for k, v := range fields {
		out[k] = v
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{API: api, ErrCode: code})
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(w).Encode(out)
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// ServeHTTP routes a call: gettoken, or an API with access_token checked,
// the frequency limit applied and injected errcodes answered.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	lat := s.latency
	s.mu.Unlock()
	if lat > 0 {
		time.Sleep(lat)
	}
	api := r.Method + " " + r.URL.Path
	if r.URL.Path == loginPath {
		s.login(w, r)
		return
	}
	if api == "GET /cgi-bin/gettoken" {
		s.getToken(w, r, api)
		return
	}
	h, ok := s.route(api)
	if !ok {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	if q.Get("access_token") == "" {
		s.answer(w, r, api, 41001, nil)
		return
	}
	s.mu.Lock()
	t := s.tokens[q.Get("access_token")]
	var code int
	switch {
	case t == nil:
		code = 40014
	case !s.now().Before(t.expires):
		code = 42001
	case len(s.inject) > 0:
		code, s.inject = s.inject[0], s.inject[1:]
	case !s.admit(api):
		code = 45009
	}
	status := 0
	if code == 0 {
		status, code = s.preFault()
	}
	s.mu.Unlock()
	if status != 0 {
		http.Error(w, "internal server error", status)
		return
	}
	if code != 0 {
		s.answer(w, r, api, code, nil)
		return
	}
	s.serveLosingReply(w, r, api, t.app, h)
}

// admit counts a call against the corp's per-cgi minute; s.mu held.
// Messages do not count ("发消息不占用上述基础频率").
func (s *Server) admit(api string) bool {
	if s.perMin < 0 || strings.HasPrefix(api, "POST /cgi-bin/message/") {
		return true
	}
	now := s.now()
	w := s.windows[api]
	if w == nil || now.Sub(w.start) >= time.Minute {
		w = &window{start: now}
		s.windows[api] = w
	}
	w.n++
	return w.n <= s.perMin
}

// getToken answers gettoken: 40013 for another corpid, 40001 for an
// unknown secret, else a token valid TokenTTL.
func (s *Server) getToken(w http.ResponseWriter, r *http.Request, api string) {
	q := r.URL.Query()
	if q.Get("corpid") != s.org.CorpID {
		s.answer(w, r, api, 40013, nil)
		return
	}
	s.mu.Lock()
	a := s.apps[q.Get("corpsecret")]
	var tok string
	if a != nil {
		var b [24]byte
		_, _ = rand.Read(b[:])
		tok = hex.EncodeToString(b[:])
		s.tokens[tok] = &token{app: a, expires: s.now().Add(s.ttl)}
	}
	s.mu.Unlock()
	if a == nil {
		s.answer(w, r, api, 40001, nil)
		return
	}
	s.answer(w, r, api, 0, map[string]any{"access_token": tok, "expires_in": int(s.ttl / time.Second)})
}

type handler func(w http.ResponseWriter, r *http.Request, api string, app *App)

func (s *Server) route(api string) (handler, bool) {
	h, ok := map[string]handler{
		"GET /cgi-bin/department/list":               s.departmentList,
		"GET /cgi-bin/department/get":                s.departmentGet,
		"POST /cgi-bin/department/create":            s.departmentCreate,
		"POST /cgi-bin/department/update":            s.departmentUpdate,
		"GET /cgi-bin/department/delete":             s.departmentDelete,
		"GET /cgi-bin/user/list":                     s.userList,
		"GET /cgi-bin/user/get":                      s.userGet,
		"GET /cgi-bin/auth/getuserinfo":              s.authUserInfo,
		"POST /cgi-bin/user/create":                  s.userCreate,
		"POST /cgi-bin/user/update":                  s.userUpdate,
		"GET /cgi-bin/user/delete":                   s.userDelete,
		"POST /cgi-bin/message/send":                 s.messageSend,
		"POST /cgi-bin/message/recall":               s.messageRecall,
		"POST /cgi-bin/message/update_template_card": s.updateTemplateCard,
		"POST /cgi-bin/living/get_user_all_livingid": s.livingList,
	}[api]
	if !ok {
		h, ok = s.livingRoute(api)
	}
	return h, ok
}
