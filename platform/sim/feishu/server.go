// Package feishu is an in-process simulator of the Feishu (Lark) Open
// Platform: the same paths, JSON fields, error codes, pagination, rate limits
// (HTTP 429), token expiry and signed, encrypted event pushes as the real
// service, so the official SDK (larksuite/oapi-sdk-go/v3, pointed at it with
// lark.WithOpenBaseUrl) runs against it unchanged. Tests, benchmarks and the
// demo use it; it can inject latency, errors and rate limits.
//
// Layout, one concern per file: server.go (Config, Server, setters),
// router.go (routing and the gateway steps), errors.go and errors_write.go
// (codes), auth.go (tokens, scopes), ratelimit.go, fault.go, lostreply.go
// (lost replies, injected codes), reqlog.go, idempotency.go (client_token),
// wire.go (id types, rendering with the SDK's own model structs,
// pagination), department.go and user.go (contact v3 APIs),
// department_rules.go and user_rules.go (the write APIs' request rules,
// user/resurrect),
// event.go, crypto.go and delivery.go (event pushes), model.go, org.go,
// org_department.go, org_user.go (the directory), generate.go and names.go
// (the deterministic generator), message*.go (bot messages: im/v1
// messages, batch_send, card/update, card-action callbacks through Click,
// the /_messages view), approval*.go (third-party approvals in the
// approval center: definitions, instance sync and check, the task list,
// action callbacks through ActOnTask, drift, the /_approvals view),
// oauth.go (web login: the authorize page that "scans" as a chosen person,
// the v2 token endpoint, user_info). New API areas are new files that
// register their routes in buildRoutes.
//
// The handler can be mounted under a prefix with http.StripPrefix; the SDK
// then gets lark.WithOpenBaseUrl("http://host/prefix").
package feishu

import (
	"math/rand"
	"net/http"
	"sync"
	"time"
)

// App is an app registered with the simulated tenant.
type App struct {
	ID     string // app_id, e.g. "cli_a1b2c3"
	Secret string // app_secret
	// Scopes the app has been granted; nil means DefaultScopes. An API whose
	// scopes the app lacks answers 99991672.
	Scopes []string
	// ContactRange lists the departments (department_ids) whose subtrees
	// the app may read, ContactRangeUsers the users (user_ids) granted one
	// by one, wherever they are; both nil means all members (see
	// contactrange.go).
	ContactRange      []string
	ContactRangeUsers []string
	// Event subscription: where contact events are pushed. EncryptKey empty
	// means plaintext pushes (no signature), as on the real platform.
	EventURL          string
	EncryptKey        string
	VerificationToken string
	// RedirectURLs are the app's redirect URLs (安全设置 › 重定向 URL): the
	// authorize page refuses any other redirect_uri. Empty accepts any.
	RedirectURLs []string
}

// Config sets the simulator up; everything in it can also be changed at run
// time through the Server's setters.
type Config struct {
	Org  *Org  // the directory; nil = an empty one
	Apps []App // registered apps

	RateLimit RateLimit // per app and API; zero value = documented 50/s & 1000/min

	TokenTTL time.Duration // tenant_access_token lifetime, default 2 h
	// TokenExpiresAfterCalls > 0 makes each token invalid (99991663) once it
	// has been used for that many API calls: a reliability-test knob.
	TokenExpiresAfterCalls int

	Latency     time.Duration // added to every request
	ErrorRate   float64       // probability of an injected 5xx on API calls
	ErrorStatus int           // status of injected failures, default 500
	Seed        int64         // seeds the fault RNG (deterministic runs)

	Now func() time.Time // clock for tokens and rate limits; default time.Now

	EventMaxAttempts  int           // deliveries per event before giving up, default 4
	EventRetryBackoff time.Duration // first retry delay, doubled each time; default 100 ms
	EventHTTPClient   *http.Client  // default: 5 s timeout (Feishu waits about 3 s)
}

// Server is the simulator: an http.Handler. Create it with New.
type Server struct {
	org    *Org
	routes []route

	mu      sync.Mutex
	apps    map[string]*App
	now     func() time.Time
	tokens  tokenStore
	limiter rateLimiter
	fault   faultState
	// faultControl: POST /_latency is served (fault_control.go).
	faultControl bool
	idem         idemStore
	msgs         messageStore // bot messages (message.go)
	reqLog       []RequestRecord
	stats        Stats
	logSeq       uint64

	events *eventBus

	approvals approvalStore // third-party approvals (approval.go)
	oauth     oauthStore    // web login: codes and user tokens (oauth.go)
	// handedOver: deleted user_id → resource → acceptor user_id
	// (acceptors.go).
	handedOver map[string]map[string]string
}

// New builds a simulator from cfg and starts its event deliverer; Close stops it.
func New(cfg Config) *Server {
	if cfg.Org == nil {
		cfg.Org = NewOrg("模拟科技有限公司", "sim-tenant")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = 2 * time.Hour
	}
	if cfg.ErrorStatus == 0 {
		cfg.ErrorStatus = http.StatusInternalServerError
	}
	s := &Server{
		org:  cfg.Org,
		apps: map[string]*App{},
		now:  cfg.Now,
		tokens: tokenStore{
			ttl:        cfg.TokenTTL,
			afterCalls: cfg.TokenExpiresAfterCalls,
			byValue:    map[string]*token{},
			latest:     map[string]*token{},
		},
		limiter: newRateLimiter(cfg.RateLimit),
		fault: faultState{
			latency: cfg.Latency,
			rate:    cfg.ErrorRate,
			status:  cfg.ErrorStatus,
			rng:     rand.New(rand.NewSource(cfg.Seed)),
		},
	}
	for _, a := range cfg.Apps {
		s.AddApp(a)
	}
	s.routes = s.buildRoutes()
	s.events = newEventBus(s, cfg)
	s.org.setListener(s, s.events.onChange)
	return s
}

// Close stops event delivery (pending deliveries are dropped) and detaches
// the simulator from its Org.
func (s *Server) Close() {
	s.org.clearListener(s)
	s.events.close()
}

// Org is the simulated directory, for assertions and for mutations that
// should look like changes made by an admin (they emit events too).
func (s *Server) Org() *Org { return s.org }

// AddApp registers (or replaces) an app.
func (s *Server) AddApp(a App) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := a
	if c.Scopes != nil {
		c.Scopes = append([]string(nil), a.Scopes...)
	}
	c.ContactRange = append([]string(nil), a.ContactRange...)
	c.ContactRangeUsers = append([]string(nil), a.ContactRangeUsers...)
	s.apps[a.ID] = &c
}

// App returns a copy of a registered app.
func (s *Server) App(appID string) (App, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[appID]
	if !ok {
		return App{}, false
	}
	return *a, true
}

// SetScopes replaces an app's granted scopes (nil = DefaultScopes).
func (s *Server) SetScopes(appID string, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.apps[appID]; ok {
		a.Scopes = append([]string{}, scopes...)
	}
}

// SetEventSubscription sets where an app's events go and how they are
// protected. An empty url stops pushes to that app.
func (s *Server) SetEventSubscription(appID, url, encryptKey, verificationToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.apps[appID]; ok {
		a.EventURL, a.EncryptKey, a.VerificationToken = url, encryptKey, verificationToken
	}
}

// SetClock replaces the clock used for tokens and rate limits.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}
