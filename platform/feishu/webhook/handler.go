package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"imbridge/platform"
	"imbridge/worker/broker"
)

// ErrUnknownApp is what Lookup returns when no app answers to the path value.
var ErrUnknownApp = errors.New("feishu webhook: unknown app")

const (
	// MaxBodyBytes bounds a callback body. Contact events are a few KB;
	// the bound keeps a flood of large bodies from costing memory.
	MaxBodyBytes = 1 << 20
	// DefaultMaxSkew is the allowed distance between a signed request's
	// timestamp and our clock when Params.MaxSkew is zero.
	DefaultMaxSkew = 5 * time.Minute
	// requestBudget bounds lookup, de-duplication and Deliver together, so
	// the answer leaves well before Feishu gives up at 3 s and re-pushes.
	requestBudget = 2500 * time.Millisecond
	// releaseBudget bounds forgetting a claim after Deliver failed; it runs
	// on a fresh context because the request's may be what expired.
	releaseBudget = time.Second
)

// AppKeys are the credentials of the app a callback is addressed to.
type AppKeys struct {
	TenantID, AppID   int    // our Tenant and App row ids
	FeishuAppID       string // cli_…; must equal header.app_id
	EncryptKey        string // empty: plaintext mode (no signature exists)
	VerificationToken string
}

// Event is an accepted event, handed to Deliver.
type Event struct {
	ID          string // header.event_id
	Type        string // header.event_type, e.g. contact.user.created_v3
	CreateTime  time.Time
	TenantKey   string
	FeishuAppID string
	Raw         json.RawMessage // the whole decrypted v2.0 envelope
}

// Params configure NewHandler.
type Params struct {
	// Lookup finds the app named by the {app} path value; ErrUnknownApp if none.
	Lookup func(ctx context.Context, app string) (AppKeys, error)
	// Deliver enqueues an accepted event; it must be fast. An error makes
	// the handler answer 500, so Feishu pushes the event again.
	Deliver func(ctx context.Context, keys AppKeys, ev Event) error
	Broker  *broker.Broker // event_id de-duplication
	Logger  *slog.Logger   // nil: discard
	Now     func() time.Time
	MaxSkew time.Duration // default DefaultMaxSkew
	// OnCardAction receives verified card clicks (card.action.trigger,
	// card_action.go) instead of Deliver; it must only enqueue, and its
	// reply's toast is the answer. Nil: card callbacks go to Deliver like
	// any event.
	OnCardAction func(ctx context.Context, keys AppKeys, a platform.CardAction) (platform.CardActionReply, error)
	// Actions opens the values of card buttons (the signer the cards were
	// sent with); required with OnCardAction.
	Actions *platform.ActionSigner
}

type handler struct {
	p      Params
	dedupe dedupe
	warned sync.Map // AppKeys.AppID → struct{}: plaintext-mode warning given
}

// NewHandler returns the receiver for POST /callback/feishu/{app}; it reads
// the app with r.PathValue("app"). It panics if Lookup, Deliver or Broker is
// nil: without them no request could be handled safely.
func NewHandler(p Params) http.Handler {
	if p.Lookup == nil || p.Deliver == nil || p.Broker == nil {
		panic("feishu webhook: NewHandler needs Lookup, Deliver and Broker")
	}
	if p.OnCardAction != nil && p.Actions == nil {
		panic(errNoSigner)
	}
	if p.Logger == nil {
		p.Logger = slog.New(slog.DiscardHandler)
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.MaxSkew <= 0 {
		p.MaxSkew = DefaultMaxSkew
	}
	return &handler{p: p, dedupe: dedupe{b: p.Broker}}
}

// call is what the log lines of one request say about it. It never holds a
// secret or decrypted content; the event id and type are not secret.
type call struct {
	app       string
	keys      *AppKeys
	eventID   string
	eventType string
}

func (c *call) attrs() []any {
	a := []any{slog.String("app", truncate(c.app, 64))}
	if c.keys != nil {
		a = append(a, slog.Int("tenant_id", c.keys.TenantID), slog.Int("app_id", c.keys.AppID))
	}
	if c.eventID != "" {
		a = append(a, slog.String("event_id", truncate(c.eventID, maxEventIDLen)))
	}
	if c.eventType != "" {
		a = append(a, slog.String("event_type", truncate(c.eventType, 64)))
	}
	return a
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{app: r.PathValue("app")}
	if rj := h.handle(w, r, c); rj != nil {
		h.refuse(w, r, c, rj)
	}
}

// refuse answers, counts and logs a refused request.
func (h *handler) refuse(w http.ResponseWriter, r *http.Request, c *call, rj *rejection) {
	eventsTotal.WithLabelValues(rj.outcome).Inc()
	level := slog.LevelWarn
	if rj.status >= 500 {
		level = slog.LevelError
	}
	attrs := append(c.attrs(), slog.String("reason", rj.detail), slog.Int("status", rj.status))
	if rj.err != nil {
		attrs = append(attrs, slog.String("error", rj.err.Error()))
	}
	h.p.Logger.Log(r.Context(), level, "feishu callback refused", attrs...)
	if rj.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	writeRejection(w, rj)
}

// handle runs the checks in order; it writes the response itself when the
// request is accepted and returns the rejection otherwise.
func (h *handler) handle(w http.ResponseWriter, r *http.Request, c *call) *rejection {
	if r.Method != http.MethodPost {
		return reject(http.StatusMethodNotAllowed, outcomeMethod, "method "+truncate(r.Method, 16))
	}
	body, rj := readBody(w, r)
	if rj != nil {
		return rj
	}
	ctx, cancel := context.WithTimeout(r.Context(), requestBudget)
	defer cancel()

	keys, err := h.p.Lookup(ctx, c.app)
	if errors.Is(err, ErrUnknownApp) {
		return reject(http.StatusNotFound, outcomeUnknownApp, "unknown app")
	}
	if err != nil {
		return internal("app lookup failed", err)
	}
	c.keys = &keys

	plain, rj := open(body, keys.EncryptKey)
	if rj != nil {
		return rj
	}
	env, rj := decodeEnvelope(plain)
	if rj != nil {
		return rj
	}
	if env.Type == typeURLVerification {
		return h.answerChallenge(w, c, env, keys)
	}
	if keys.EncryptKey != "" {
		if rj := verifySigned(r.Header, body, keys.EncryptKey, h.p.Now(), h.p.MaxSkew); rj != nil {
			return rj
		}
	} else {
		h.warnPlaintext(ctx, c, keys)
	}
	if env.isV1() {
		return h.ignoreV1(w, c, env, keys)
	}
	if rj := env.checkSchema(); rj != nil {
		return rj
	}
	c.eventID, c.eventType = env.Header.EventID, env.Header.EventType
	if rj := checkEnvelopeAuth(env, keys); rj != nil {
		return rj
	}
	ev, rj := env.event(plain)
	if rj != nil {
		return rj
	}
	if ev.Type == CardActionType && h.p.OnCardAction != nil {
		return h.acceptCardAction(ctx, w, c, keys, ev, env.Header.CreateTime)
	}
	return h.accept(ctx, w, c, keys, ev)
}

// readBody reads at most MaxBodyBytes; a longer body is refused whole.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, *rejection) {
	if r.ContentLength > MaxBodyBytes {
		return nil, reject(http.StatusRequestEntityTooLarge, outcomeTooLarge, "body too large")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, reject(http.StatusRequestEntityTooLarge, outcomeTooLarge, "body too large")
	}
	if err != nil {
		return nil, malformed("unreadable body")
	}
	return body, nil
}

// open returns the plaintext of a body. With an Encrypt Key the body must be
// {"encrypt":…}: accepting a plaintext body there would let anyone skip the
// signature by not encrypting. Every decryption failure (base64, length,
// padding) and an undecodable result get the same 400, so the answers do
// not form a padding oracle.
func open(body []byte, encryptKey string) ([]byte, *rejection) {
	var s sealed
	if err := json.Unmarshal(body, &s); err != nil {
		return nil, malformed("body is not a JSON object")
	}
	if encryptKey == "" {
		if s.Encrypt != nil {
			return nil, malformed("encrypted body but the app has no encrypt key")
		}
		return body, nil
	}
	if s.Encrypt == nil {
		return nil, malformed("plaintext body but the app has an encrypt key")
	}
	plain, err := Decrypt(*s.Encrypt, encryptKey)
	if err != nil {
		return nil, malformed(err.Error())
	}
	return plain, nil
}

// answerChallenge answers url_verification, sent when a request URL is saved
// in the developer console. Feishu does not sign it (reference §4.3 case 3),
// so the verification token is its only check, even in encrypted mode (where
// the body must at least decrypt under the key). Answering is harmless: it
// echoes the challenge and delivers nothing.
func (h *handler) answerChallenge(w http.ResponseWriter, c *call, env *envelope, keys AppKeys) *rejection {
	c.eventType = typeURLVerification
	if !tokenEqual(env.Token, keys.VerificationToken) {
		return reject(http.StatusUnauthorized, outcomeBadToken, "verification token mismatch")
	}
	if env.Challenge == "" {
		return malformed("empty challenge")
	}
	eventsTotal.WithLabelValues(outcomeChallenge).Inc()
	h.p.Logger.Info("feishu url verification answered", c.attrs()...)
	writeJSON(w, http.StatusOK, map[string]string{"challenge": env.Challenge})
	return nil
}

// ignoreV1 answers an authenticated v1 event with 200 and drops it: the
// bridge reads v2.0 events only, and any other answer makes Feishu push it
// again and again. The log says how to switch the app to v2.0.
func (h *handler) ignoreV1(w http.ResponseWriter, c *call, env *envelope, keys AppKeys) *rejection {
	c.eventID, c.eventType = truncate(env.UUID, maxEventIDLen), "v1:"+typeEventCallback
	if rj := checkV1Auth(env, keys); rj != nil {
		return rj
	}
	eventsTotal.WithLabelValues(outcomeIgnoredV1).Inc()
	h.p.Logger.Warn("feishu v1 event ignored: the bridge reads v2.0 events; subscribe the app to events of the 2.0 schema (开发者后台 › 事件与回调 › 事件配置)",
		c.attrs()...)
	writeJSON(w, http.StatusOK, struct{}{})
	return nil
}

// warnPlaintext says once per app and process that the app runs without an
// Encrypt Key: nothing is signed, the token travels in every body, and
// there is no freshness check, so only event_id de-duplication stops
// replays.
func (h *handler) warnPlaintext(ctx context.Context, c *call, keys AppKeys) {
	if _, done := h.warned.LoadOrStore(keys.AppID, struct{}{}); done {
		return
	}
	h.p.Logger.WarnContext(ctx, "feishu app has no encrypt key: events are unsigned and checked by verification token only; set an Encrypt Key",
		c.attrs()...)
}

// accept de-duplicates and delivers an authenticated event.
func (h *handler) accept(ctx context.Context, w http.ResponseWriter, c *call, keys AppKeys, ev Event) *rejection {
	tok, first, err := h.dedupe.claim(ctx, keys.AppID, ev.ID)
	if err != nil {
		return internal("event de-duplication unavailable", err)
	}
	if !first {
		// 200, or Feishu would keep re-pushing what we already have.
		eventsTotal.WithLabelValues(outcomeDuplicate).Inc()
		h.p.Logger.InfoContext(ctx, "feishu event replayed; not delivered again", c.attrs()...)
		writeJSON(w, http.StatusOK, struct{}{})
		return nil
	}
	if err := h.p.Deliver(ctx, keys, ev); err != nil {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseBudget)
		defer cancel()
		if rerr := h.dedupe.release(rctx, keys.AppID, ev.ID, tok); rerr != nil {
			// The retry will be taken for a replay until the key expires.
			h.p.Logger.ErrorContext(ctx, "feishu event claim not released", append(c.attrs(), slog.String("error", rerr.Error()))...)
		}
		return &rejection{status: http.StatusInternalServerError, outcome: outcomeDeliverFailed, detail: "deliver failed", err: err}
	}
	eventsTotal.WithLabelValues(outcomeDelivered).Inc()
	h.p.Logger.DebugContext(ctx, "feishu event delivered", c.attrs()...)
	writeJSON(w, http.StatusOK, struct{}{})
	return nil
}
