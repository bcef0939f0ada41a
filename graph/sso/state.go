package sso

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/platform"
)

// A flow lasts flowTTL from the start to the callback, and a person then
// has pendingTTL to pick a corp or bind. Both live in Redis (every API
// process serves callbacks) and are taken once: a state or a choice
// replayed is unknown.
const (
	flowTTL    = 10 * time.Minute
	pendingTTL = 10 * time.Minute
	cookieName = "imbridge_sso"
)

// Purposes of a flow.
const (
	purposeOA        = "oa"         // log into the OA: a ticket on return_to
	purposeConsole   = "console"    // sign into the console
	purposeBindAdmin = "bind-admin" // bind the signed-in admin's Feishu account
)

// flow is what the start remembers for the callback, under its state.
type flow struct {
	Purpose  string    `json:"purpose"`
	CorpID   int       `json:"corp"`
	TenantID int       `json:"tenant"`
	ReturnTo string    `json:"return_to,omitempty"`
	AdminID  int       `json:"admin,omitempty"`
	Browser  string    `json:"browser"` // SHA-256 of the cookie's value
	Expires  time.Time `json:"expires"`
}

// pending is a person identified but not logged in yet: choosing a corp,
// or binding. Kept under a random id, for the browser that started.
type pending struct {
	Identity   platform.Identity `json:"identity"`
	FlowCorp   int               `json:"flow_corp"`
	ReturnTo   string            `json:"return_to"`
	Candidates []candidateRef    `json:"candidates"`
	Browser    string            `json:"browser"`
	Expires    time.Time         `json:"expires"`
}

// candidateRef is one corp where the person was found.
type candidateRef struct {
	TenantID int `json:"tenant"`
	CorpID   int `json:"corp"`
	IMUserID int `json:"im_user"`
}

func random() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("sso: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// browserCookie returns the browser's flow cookie, setting a new one when
// there is none: flows started in this browser are bound to it.
func (s *Service) browserCookie(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(cookieName); err == nil && len(c.Value) >= 32 && len(c.Value) <= 64 {
		return c.Value
	}
	v := random()
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: v, Path: "/sso/", HttpOnly: true,
		Secure: s.secure(), SameSite: http.SameSiteLaxMode, MaxAge: int(flowTTL.Seconds())})
	return v
}

// sameBrowser checks that the request comes from the browser whose cookie
// hashes to want.
func sameBrowser(r *http.Request, want string) bool {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(hashOf(c.Value)), []byte(want)) == 1
}

func (s *Service) secure() bool { return len(s.PublicURL) > 8 && s.PublicURL[:8] == "https://" }

func (s *Service) flowKey(state string) string { return s.Broker.Key("sso-flow", hashOf(state)) }
func (s *Service) pendingKey(id string) string { return s.Broker.Key("sso-pending", hashOf(id)) }

var errGone = errors.New("sso: unknown, used or expired")

// saveFlow stores a flow and returns its state.
func (s *Service) saveFlow(ctx context.Context, f flow) (string, error) {
	state := random()
	f.Expires = s.Now().Add(flowTTL)
	b, _ := json.Marshal(f)
	return state, s.Broker.Client.Set(ctx, s.flowKey(state), b, flowTTL).Err()
}

// takeFlow returns the flow of a state and forgets it: a state is used
// once. errGone when unknown, used or expired.
func (s *Service) takeFlow(ctx context.Context, state string) (flow, error) {
	var f flow
	b, err := s.Broker.Client.GetDel(ctx, s.flowKey(state)).Bytes()
	if errors.Is(err, redis.Nil) {
		return f, errGone
	}
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(b, &f); err != nil || !s.Now().Before(f.Expires) {
		return f, errGone
	}
	return f, nil
}

func (s *Service) savePending(ctx context.Context, p pending) (string, error) {
	id := random()
	p.Expires = s.Now().Add(pendingTTL)
	b, _ := json.Marshal(p)
	return id, s.Broker.Client.Set(ctx, s.pendingKey(id), b, pendingTTL).Err()
}

// loadPending reads a pending login without taking it (a wrong password
// may be typed again); dropPending ends it.
func (s *Service) loadPending(ctx context.Context, id string) (pending, error) {
	var p pending
	if id == "" {
		return p, errGone
	}
	b, err := s.Broker.Client.Get(ctx, s.pendingKey(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return p, errGone
	}
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(b, &p); err != nil || !s.Now().Before(p.Expires) {
		return p, errGone
	}
	return p, nil
}

func (s *Service) dropPending(ctx context.Context, id string) bool {
	n, err := s.Broker.Client.Del(ctx, s.pendingKey(id)).Result()
	return err == nil && n == 1
}

func itoa(n int) string { return strconv.Itoa(n) }
