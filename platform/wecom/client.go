// Package wecom is imbridge's adapter to WeCom (企业微信) server APIs: a thin
// typed client, one file per API area, since no maintained Go SDK covers
// what the bridge needs (shared/reference/wecom-dingtalk-api.md §3.4). It
// adds what the platform leaves to its users: access tokens per app cached
// in Redis and shared by every process, refreshed single-flight and once on
// a rejected token (40014/42001/40001); the documented frequency limits
// through the shared limiter (platform/ratelimit); retries of -1 (系统繁忙)
// and transport failures; 45009/45033 waited out; every errcode classified
// in one table (codes.go); and outbound calls only where the egress policy
// allows (platform/egress).
//
// It implements platform.Directory (directory.go), platform.DirectoryWriter
// (writer*.go) and platform.Messenger (messenger*.go). Files: client.go
// (construction, API names, limits), call.go (the wrapper every call goes
// through), token.go (gettoken and its cache), codes.go (errcodes),
// department.go and user.go (contact APIs, typed), directory.go (the
// neutral mapping), probe.go (app verification), message*.go (app
// messages). Callback crypto (WXBizMsgCrypt) is in package wecom/callback.
package wecom

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/ratelimit"
	"imbridge/worker/broker"
)

// PlatformName is platform.Error.Platform for errors of this package.
const PlatformName = "wecom"

// DefaultBaseURL is WeCom's API host (path/91039).
const DefaultBaseURL = "https://qyapi.weixin.qq.com"

// API names: method and path, as the simulator names its routes so a test
// can give both the same limits. WeCom counts its base frequency limits
// per corp and cgi (path/90454), so the limiter keys on corpid + API.
const (
	APIGetToken       = "GET /cgi-bin/gettoken"
	APIDepartmentList = "GET /cgi-bin/department/list"
	APIDepartmentGet  = "GET /cgi-bin/department/get"
	APIDeptCreate     = "POST /cgi-bin/department/create"
	APIDeptUpdate     = "POST /cgi-bin/department/update"
	APIDeptDelete     = "GET /cgi-bin/department/delete"
	APIUserList       = "GET /cgi-bin/user/list"
	APIUserGet        = "GET /cgi-bin/user/get"
	APIUserCreate     = "POST /cgi-bin/user/create"
	APIUserUpdate     = "POST /cgi-bin/user/update"
	APIUserDelete     = "GET /cgi-bin/user/delete"
	APIMessageSend    = "POST /cgi-bin/message/send"
	APIMessageRecall  = "POST /cgi-bin/message/recall"
	APIUpdateCard     = "POST /cgi-bin/message/update_template_card"
	APILivingList     = "POST /cgi-bin/living/get_user_all_livingid"
)

// DefaultLimits are WeCom's base limits per corp and cgi: "每企业，每个cgi：
// 1万次/分，15万次/小时" (访问频率限制, path/90454). Minute and hour limits
// block the cgi for 60 s / 60 min once exceeded, so the client stays under
// them rather than relying on 45009.
func DefaultLimits() []ratelimit.Limit {
	return []ratelimit.Limit{ratelimit.PerMinute(10000), {N: 150000, Per: time.Hour, Sliding: true}}
}

// Message limits (path/90454): "每应用对同一个成员不可超过30次/分，超过部分会被
// 丢弃不下发" and 1000/hour; app messages do not count toward the base
// limits. The app's daily budget (账号上限数 × 200 人次/天) depends on the
// corp's seat count, which the API does not tell: Params.DailyRecipients.
func memberLimits() []ratelimit.Limit {
	return []ratelimit.Limit{{N: 30, Per: time.Minute, Sliding: true}, {N: 1000, Per: time.Hour, Sliding: true}}
}

// Retry bounds the wrapper's retries; zero fields take the defaults noted.
type Retry struct {
	// Attempts at a call failing with -1 (系统繁忙), 5xx or a transport
	// error, default 4 (the doc: retry -1 at most 3 times).
	Attempts int
	// Backoff before the second attempt, doubled each time with full
	// jitter, up to MaxBackoff. Defaults 200 ms and 5 s.
	Backoff, MaxBackoff time.Duration
	// Throttled: how many 45009/45033 one call waits out (default 3), each
	// ThrottleWait (default 60 s: a minute limit blocks for 60 s).
	Throttled    int
	ThrottleWait time.Duration
}

func (r Retry) withDefaults() Retry {
	r.Attempts = cmp.Or(r.Attempts, 4)
	r.Backoff = cmp.Or(r.Backoff, 200*time.Millisecond)
	r.MaxBackoff = cmp.Or(r.MaxBackoff, 5*time.Second)
	r.Throttled = cmp.Or(r.Throttled, 3)
	r.ThrottleWait = cmp.Or(r.ThrottleWait, time.Minute)
	return r
}

// Params configure a Client: one per app (corpid + agentid + secret).
type Params struct {
	// CorpID is the enterprise's corpid (ww…).
	CorpID string
	// AgentID is the app's AgentId; the contact-sync secret (通讯录同步) has
	// none (empty): such a client reads and writes contacts only.
	AgentID string
	Secret  string
	// BaseURL is the API root; empty means DefaultBaseURL.
	BaseURL string
	// Broker holds the token cache and (through Limiter) the budgets.
	Broker *broker.Broker
	// Limiter paces calls; nil means ratelimit.New(Broker).
	Limiter *ratelimit.Limiter
	// Limits per API name (the API* constants); an API missing here gets
	// DefaultLimits, an API mapped to an empty list is not limited.
	Limits map[string][]ratelimit.Limit
	// MemberLimits replace the per-member message limits (tests).
	MemberLimits []ratelimit.Limit
	// DailyRecipients is the app's daily message budget in 人次
	// (账号上限数 × 200); 0 leaves it unchecked.
	DailyRecipients int
	// DuplicateCheckInterval is message/send's duplicate_check_interval,
	// default and maximum 4 hours ("最大不超过4小时").
	DuplicateCheckInterval time.Duration
	// EmployeeNoAttr names the custom field (扩展属性) holding the employee
	// number; "" means DefaultEmployeeNoAttr ("工号").
	EmployeeNoAttr string
	// Egress decides which hosts BaseURL may name; nil means
	// egress.Strict() (public https hosts only).
	Egress *egress.Policy
	// RequestTimeout bounds one HTTP request, default 30 s.
	RequestTimeout time.Duration
	Retry          Retry
	// Logger; nil means slog.Default(). Secrets and tokens are never logged.
	// WithholdUnknown keeps the errmsg of codes the bridge does not know
	// out of errors (answer.go): set when BaseURL is not WeCom's own.
	WithholdUnknown bool
	Logger          *slog.Logger
	// Actions seals the keys of card buttons that call back (quick
	// approval, messenger_card.go); nil refuses such buttons.
	Actions *platform.ActionSigner
}

// Client calls WeCom as one app. It is safe for concurrent use, and any
// number of processes may hold a Client for the same app: tokens and
// budgets are shared through Redis.
type Client struct {
	corpID, agentID string
	base            string
	hc              *http.Client
	tokens          *tokenSource
	limiter         *ratelimit.Limiter
	limits          map[string][]ratelimit.Limit
	memberLimits    []ratelimit.Limit
	daily           int
	dupInterval     time.Duration
	employeeNoAttr  string
	broker          *broker.Broker
	retry           Retry
	log             *slog.Logger
	withhold        bool // answer.go
	actions         *platform.ActionSigner
}

// New builds a Client. It makes no network call.
func New(p Params) (*Client, error) {
	if p.CorpID == "" || p.Secret == "" {
		return nil, errors.New("wecom: corpid and secret are required")
	}
	if p.Broker == nil {
		return nil, errors.New("wecom: a broker is required (token cache, rate limits)")
	}
	policy := p.Egress
	if policy == nil {
		policy = egress.Strict()
	}
	log := cmp.Or(p.Logger, slog.Default()).With("platform", PlatformName, "corpid", p.CorpID, "agentid", p.AgentID)
	lim := p.Limiter
	if lim == nil {
		lim = ratelimit.New(p.Broker)
	}
	dup := cmp.Or(p.DuplicateCheckInterval, maxDuplicateCheck)
	if dup > maxDuplicateCheck {
		return nil, errors.New("wecom: the duplicate check interval is at most 4 hours")
	}
	c := &Client{
		corpID: p.CorpID, agentID: p.AgentID,
		base:           cmp.Or(p.BaseURL, DefaultBaseURL),
		hc:             policy.Client(cmp.Or(p.RequestTimeout, 30*time.Second)),
		limiter:        lim,
		limits:         p.Limits,
		memberLimits:   p.MemberLimits,
		daily:          p.DailyRecipients,
		dupInterval:    dup,
		employeeNoAttr: cmp.Or(p.EmployeeNoAttr, DefaultEmployeeNoAttr),
		broker:         p.Broker,
		retry:          p.Retry.withDefaults(),
		withhold:       p.WithholdUnknown,
		log:            log,
		actions:        p.Actions,
	}
	if c.memberLimits == nil {
		c.memberLimits = memberLimits()
	}
	c.tokens = newTokenSource(c, p.Secret)
	return c, nil
}

// CorpID is the enterprise this client acts in; AgentID its app.
func (c *Client) CorpID() string  { return c.corpID }
func (c *Client) AgentID() string { return c.agentID }

func (c *Client) limitsFor(api string) []ratelimit.Limit {
	if l, ok := c.limits[api]; ok {
		return l
	}
	if api == APIMessageSend {
		return nil // "发消息不占用上述基础频率" (path/90454); paced per member
	}
	return DefaultLimits()
}

// PullInFlight is how many user listings a directory pull of a WeCom corp
// keeps in flight. The bound on a pull is the per-cgi budget, 10,000/min
// (≈ 167 calls/s, path/90454), not the round trip, as long as enough calls
// overlap: in flight = rate × the time one listing takes. A listing costs
// the round trip plus the bridge's own per-call work (limiter script, HTTP,
// decoding): 76–105 ms for a 40 ms round trip on a loaded 2-core machine
// (wecom-fix's probe), so 167/s × ~0.1 s ≈ 16. Feishu's 50/s budget needs
// half as many (the job's default, 8). Sixteen calls of one corp at a time
// stays far from what draws 45033 (并发调用超过限制), which the client
// waits out anyway.
const PullInFlight = 16

// limitKey: the base limits are per corp and cgi, shared by its apps.
func (c *Client) limitKey(api string) string { return PlatformName + ":" + c.corpID + ":" + api }

var (
	_ platform.Directory       = (*Client)(nil)
	_ platform.DirectoryWriter = (*Client)(nil)
	_ platform.Messenger       = (*Client)(nil)
)

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
