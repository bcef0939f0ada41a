// Package feishu is imbridge's adapter to the Feishu (Lark) Open Platform,
// on the official SDK (larksuite/oapi-sdk-go/v3). It adds what the SDK
// leaves to its users (reference/feishu-api.md, "Design consequences"):
// a token cache in Redis shared by every process, a rate limiter shared the
// same way, eviction and one retry on an invalid token, waiting out 429s,
// retrying 5xx and transport failures, hand-written pagination on has_more,
// and errors as *platform.Error. It implements platform.Directory,
// platform.DirectoryWriter, platform.Messenger and platform.ApprovalCenter.
//
// One file per concept: client.go (construction, limits), call.go (the
// wrapper every API call goes through), tokencache.go, directory.go and
// convert.go (contact v3 reads), status.go, lookup.go (batch_get_id),
// probe.go (app verification), logger.go, transport.go (the HTTP client:
// egress rules, only Open Platform answers let through), writer.go (contact
// v3 writes: client_token, limits, lock retries), writer_department.go,
// writer_user.go, writer_codes.go (the write APIs' refusals), messenger*.go
// (bot messages: send with uuid, batch_send, patch, recall, card/update;
// their codes and limits), card.go and card_kinds.go (cards), approval*.go
// (third-party approvals in the approval center: definitions, instance
// sync, the drift check; the API facts are in approval.go), oauth.go and
// oauth_codes.go (web login: authorize page, v2 token, user_info).
package feishu

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	lark "github.com/larksuite/oapi-sdk-go/v3"

	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/ratelimit"
	"imbridge/worker/broker"
)

// PlatformName is platform.Error.Platform for errors of this package.
const PlatformName = "feishu"

// API names: method and path template exactly as the SDK's apiReq.ApiPath.
// Feishu counts its limits per API × app, so the limiter is keyed by these;
// the simulator names its routes the same way, so a test can give both the
// same limits.
const (
	APITenantToken      = "POST /open-apis/auth/v3/tenant_access_token/internal"
	APIChildren         = "GET /open-apis/contact/v3/departments/:department_id/children"
	APIGetDepartment    = "GET /open-apis/contact/v3/departments/:department_id"
	APIPatchDepartment  = "PATCH /open-apis/contact/v3/departments/:department_id"
	APIFindByDepartment = "GET /open-apis/contact/v3/users/find_by_department"
	APIBatchGetID       = "POST /open-apis/contact/v3/users/batch_get_id"
	APICreateMessage    = "POST /open-apis/im/v1/messages"
)

// DefaultLimits is the documented tier of every API used here (contact v3,
// im create message, …): "1000 次/分钟、50 次/秒" per app and API.
//
// The per-second budget is paced with a burst of 2 (48 calls a second
// sustained, still at most 49 in any second): with a burst of 1 a call
// admitted a few milliseconds late (the waiter's timer, a busy machine)
// loses that time for good, and several listings in flight waiting on one
// budget made 42 calls a second out of 49; with 2 the next call makes up
// for a late one.
//
// The per-minute budget admits 1,000 calls in any 60.1 s (a margin of time,
// ratelimit.Limit.Margin) rather than 999 in any minute: with a call of
// slack the 1,000th call of a run waited for the minute to pass, so 1,000
// messages took 60 s instead of 20 (3× the lower bound in BENCHMARKS.md).
// The margin still covers 100 ms of difference between when Redis admits a
// call and when Feishu counts it.
func DefaultLimits() []ratelimit.Limit {
	return []ratelimit.Limit{{N: 50, Per: time.Second, Burst: 2}, {N: 1000, Per: time.Minute, Sliding: true, Margin: minuteMargin}}
}

// minuteMargin is the per-minute budget's margin (DefaultLimits).
const minuteMargin = 100 * time.Millisecond

// Retry bounds the wrapper's retries; zero fields take the defaults noted.
type Retry struct {
	// Attempts at a call failing with 5xx or a transport error, default 5.
	Attempts int
	// Backoff before the second attempt, doubled each time with full
	// jitter, up to MaxBackoff. Defaults 200 ms and 5 s.
	Backoff, MaxBackoff time.Duration
	// Throttled: how many 429s one call waits out (default 20), each wait
	// x-ogw-ratelimit-reset seconds capped at MaxThrottleWait (default 60 s,
	// a per-minute window).
	Throttled       int
	MaxThrottleWait time.Duration
}

func (r Retry) withDefaults() Retry {
	r.Attempts = cmp.Or(r.Attempts, 5)
	r.Backoff = cmp.Or(r.Backoff, 200*time.Millisecond)
	r.MaxBackoff = cmp.Or(r.MaxBackoff, 5*time.Second)
	r.Throttled = cmp.Or(r.Throttled, 20)
	r.MaxThrottleWait = cmp.Or(r.MaxThrottleWait, time.Minute)
	return r
}

// Params configure a Client: one per app.
type Params struct {
	AppID, AppSecret string
	// BaseURL is the open platform's root; empty means lark.FeishuBaseUrl.
	// Lark international, private deployments and the simulator set it.
	BaseURL string
	// Broker holds the token cache and (through Limiter) the rate budgets.
	Broker *broker.Broker
	// Limiter paces calls; nil means ratelimit.New(Broker).
	Limiter *ratelimit.Limiter
	// Limits per API name (the API* constants); an API missing here gets
	// DefaultLimits, and an API mapped to an empty list is not limited.
	Limits map[string][]ratelimit.Limit
	// Egress decides which hosts BaseURL may name, checked on every
	// connection; nil means egress.Strict() (public https hosts only).
	Egress *egress.Policy
	// RequestTimeout bounds one HTTP request, default 30 s.
	RequestTimeout time.Duration
	Retry          Retry
	// Logger; nil means slog.Default(). Secrets and tokens are never logged.
	Logger *slog.Logger
	// Actions seals the values of card buttons that call back (quick
	// approval, messenger_card.go); nil refuses such cards. The callback
	// handler opens them with a signer of the same secret.
	Actions *platform.ActionSigner
	// WithholdUnknown keeps the messages of codes the bridge does not know
	// out of errors (answer.go): set it when BaseURL is not Feishu's own
	// (FeishuHost), as the platform clients of the bridge do.
	WithholdUnknown bool
}

// Client calls the Feishu Open Platform as one app. It is safe for
// concurrent use, and any number of processes may hold a Client for the
// same app: tokens and rate budgets are shared through Redis.
type Client struct {
	appID   string
	baseURL string
	secret  string // for TenantAccessToken; never logged
	lark    *lark.Client
	tokens  *tokenCache
	limiter *ratelimit.Limiter
	limits  map[string][]ratelimit.Limit
	retry   Retry
	log     *slog.Logger
	actions *platform.ActionSigner
	base    string       // the open platform's root (OAuth's token and user_info)
	hc      *http.Client // the egress-checked client (OAuth calls outside the SDK)
	// withhold: the messages of unknown codes are not quoted (answer.go).
	withhold bool
}

// New builds a Client. It makes no network call.
func New(p Params) (*Client, error) {
	if p.AppID == "" || p.AppSecret == "" {
		return nil, errors.New("feishu: app id and app secret are required")
	}
	if p.Broker == nil {
		return nil, errors.New("feishu: a broker is required (token cache, rate limits)")
	}
	base := cmp.Or(p.BaseURL, lark.FeishuBaseUrl)
	policy := p.Egress
	if policy == nil {
		policy = egress.Strict()
	}
	hc := httpClient(policy, cmp.Or(p.RequestTimeout, 30*time.Second))
	log := p.Logger
	if log == nil {
		log = slog.Default()
	}
	log = log.With("platform", PlatformName, "app_id", p.AppID)
	lim := p.Limiter
	if lim == nil {
		lim = ratelimit.New(p.Broker)
	}
	c := &Client{
		appID:    p.AppID,
		baseURL:  base,
		secret:   p.AppSecret,
		tokens:   &tokenCache{b: p.Broker, id: identity(base, p.AppID, p.AppSecret)},
		limiter:  lim,
		limits:   p.Limits,
		retry:    p.Retry.withDefaults(),
		withhold: p.WithholdUnknown,
		log:      log,
		actions:  p.Actions,
		base:     base,
		hc:       hc,
	}
	tokenCaches.register(c.tokens)
	c.lark = newLarkClient(p.AppID, p.AppSecret,
		lark.WithOpenBaseUrl(base),
		lark.WithHttpClient(hc),
		lark.WithReqTimeout(hc.Timeout),
		// Warn and above only: the SDK logs the request (with its
		// Authorization header) at debug level when asked to; never ask.
		lark.WithLogLevel(larkLogLevel),
		lark.WithLogger(sdkLogger{log}),
	)
	return c, nil
}

// AppID is the app this client acts as.
func (c *Client) AppID() string { return c.appID }

// limitsFor returns the budgets of an API.
func (c *Client) limitsFor(api string) []ratelimit.Limit {
	if l, ok := c.limits[api]; ok {
		return l
	}
	if l, ok := documentedLimits[api]; ok {
		return l
	}
	return DefaultLimits()
}

// limitKey is the limiter key of an API for this app; the limiter adds the
// broker's namespace.
func (c *Client) limitKey(api string) string {
	return PlatformName + ":" + c.appID + ":" + api
}

var _ platform.Directory = (*Client)(nil)

// ctxSleep waits d or until ctx ends.
func ctxSleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
