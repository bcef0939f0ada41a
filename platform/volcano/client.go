// Package volcano is imbridge's adapter to Volcano Engine enterprise live
// (火山引擎企业直播, service livesaas), the live provider inside Feishu
// (seed 000; shared/reference/feishu-api.md §6.2). It signs every call
// with the account's AK/SK (HMAC-SHA256, Volcano's V4 signature) through
// the official signer of github.com/volcengine/volc-sdk-golang/base, paces
// each action to its documented limit through the shared limiter
// (platform/ratelimit: "单用户请求频率限制为 120 次/分钟"), maps
// ResponseMetadata.Error to *platform.Error (codes.go) and verifies the
// MD5-signed status callback (callback.go). live.go adapts it to
// platform.Live.
package volcano

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/volcengine/volc-sdk-golang/base"

	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/ratelimit"
	"imbridge/worker/broker"
)

// PlatformName is platform.Error.Platform for errors of this package.
const PlatformName = "volcano"

// DefaultBaseURL is livesaas's OpenAPI host.
const DefaultBaseURL = "https://livesaas.volcengineapi.com"

// Signing scope: service livesaas, region cn-north-1 (the ResponseMetadata
// of livesaas answers, e.g. docs 3019/100056).
const (
	Service = "livesaas"
	Region  = "cn-north-1"
	Version = "2020-06-01"
)

// Actions used (docs 3019/…), with their HTTP method.
const (
	ActionCreateActivity       = "CreateActivityAPIV2"          // POST, 100053
	ActionGetActivityBasic     = "GetActivityBasicConfigAPI"    // GET
	ActionUpdateActivityBasic  = "UpdateActivityBasicConfigAPI" // POST
	ActionDeleteActivity       = "DeleteActivityAPI"            // POST
	ActionGetActivity          = "GetActivityAPI"               // GET, 100058
	ActionGetPageWatchData     = "GetPageWatchDataAPIV2"        // GET
	ActionListUserBehavior     = "ListUserBehaviorDataAPIV2"    // GET, 167660
	defaultPerMinute           = 120
	pageWatchDataPerMinute     = 1000
	maxResponseBytes           = 8 << 20
	defaultRequestTimeoutLimit = 30 * time.Second
)

// Limits returns the documented per-account limit of an action: 120/min,
// GetPageWatchDataAPIV2 1000/min (feishu-api.md §6.2).
func Limits(action string) []ratelimit.Limit {
	if action == ActionGetPageWatchData {
		return []ratelimit.Limit{ratelimit.PerMinute(pageWatchDataPerMinute)}
	}
	return []ratelimit.Limit{ratelimit.PerMinute(defaultPerMinute)}
}

// Params configure a Client: one per Volcano account (AK/SK).
type Params struct {
	AccessKeyID, SecretAccessKey string
	// BaseURL is the API root; empty means DefaultBaseURL.
	BaseURL string
	Broker  *broker.Broker
	// Limiter paces calls; nil means ratelimit.New(Broker).
	Limiter *ratelimit.Limiter
	// Limits replace Limits(action) (tests).
	Limits func(action string) []ratelimit.Limit
	Egress *egress.Policy
	// Now gives X-Date (tests); nil means time.Now.
	Now            func() time.Time
	RequestTimeout time.Duration
	Logger         *slog.Logger
	// WithholdUnknown keeps the text of codes the bridge does not know out
	// of errors (answer.go): set it when BaseURL is not Volcano's own
	// (VolcanoHost), as the bridge's client factory does.
	WithholdUnknown bool
}

// Client calls livesaas as one account. Safe for concurrent use.
type Client struct {
	creds   base.Credentials
	base    string
	hc      *http.Client
	limiter *ratelimit.Limiter
	limits  func(string) []ratelimit.Limit
	now     func() time.Time
	log     *slog.Logger
	// withhold: the text of unknown codes is not quoted (answer.go).
	withhold bool
}

// New builds a Client; it makes no network call.
func New(p Params) (*Client, error) {
	if p.AccessKeyID == "" || p.SecretAccessKey == "" {
		return nil, errors.New("volcano: the access key id and secret access key are required")
	}
	if p.Broker == nil && p.Limiter == nil {
		return nil, errors.New("volcano: a broker is required (rate limits)")
	}
	lim := p.Limiter
	if lim == nil {
		lim = ratelimit.New(p.Broker)
	}
	pol := p.Egress
	if pol == nil {
		pol = egress.Strict()
	}
	c := &Client{
		creds:    base.Credentials{AccessKeyID: p.AccessKeyID, SecretAccessKey: p.SecretAccessKey, Service: Service, Region: Region},
		base:     cmp.Or(p.BaseURL, DefaultBaseURL),
		hc:       pol.Client(cmp.Or(p.RequestTimeout, defaultRequestTimeoutLimit)),
		limiter:  lim,
		limits:   p.Limits,
		now:      p.Now,
		log:      cmp.Or(p.Logger, slog.Default()).With("platform", PlatformName),
		withhold: p.WithholdUnknown,
	}
	if c.limits == nil {
		c.limits = Limits
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

// XDate formats t as X-Date: YYYYMMDD'T'HHMMSS'Z' in UTC.
func XDate(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Sign signs req in place (Authorization, X-Date, X-Content-Sha256) as
// Volcano's V4 signature does, with X-Date from t.
func Sign(req *http.Request, ak, sk string, t time.Time) {
	req.Header.Set("X-Date", XDate(t))
	base.Credentials{AccessKeyID: ak, SecretAccessKey: sk, Service: Service, Region: Region}.Sign(req)
}

// responseMetadata is the envelope of every answer (docs 6369/68677):
// Error present means the call failed.
type responseMetadata struct {
	RequestID string `json:"RequestId"`
	Action    string `json:"Action"`
	Error     *struct {
		Code    string `json:"Code"`
		CodeN   int    `json:"CodeN"`
		Message string `json:"Message"`
	} `json:"Error"`
}

// call runs one action: query parameters for GET, a JSON body for POST;
// out receives Result.
func (c *Client) call(ctx context.Context, method, action string, query url.Values, body, out any) error {
	if err := c.limiter.Wait(ctx, "volcano:"+c.creds.AccessKeyID+":"+action, c.limits(action)...); err != nil {
		return fmt.Errorf("volcano %s: rate limiter: %w", action, err)
	}
	q := url.Values{"Action": {action}, "Version": {Version}}
	for k, v := range query {
		q[k] = v
	}
	var raw []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("volcano %s: encoding the request: %w", action, err)
		}
		raw = b
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+"/?"+q.Encode(), bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("volcano %s: %w", action, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Date", XDate(c.now()))
	c.creds.Sign(req)
	resp, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("volcano %s: %w", action, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return fmt.Errorf("volcano %s: reading the answer: %w", action, err)
	}
	var env struct {
		ResponseMetadata *responseMetadata `json:"ResponseMetadata"`
		Result           json.RawMessage   `json:"Result"`
	}
	if json.Unmarshal(data, &env) != nil || env.ResponseMetadata == nil {
		return &platform.Error{Platform: PlatformName, HTTPStatus: resp.StatusCode,
			Msg: fmt.Sprintf("not a Volcano OpenAPI response (HTTP %d)", resp.StatusCode), Class: classForStatus(resp.StatusCode)}
	}
	if e := env.ResponseMetadata.Error; e != nil {
		pe := &platform.Error{Platform: PlatformName, Code: e.CodeN, HTTPStatus: resp.StatusCode,
			Msg: platform.CleanMessage(e.Code + ": " + e.Message), LogID: platform.CleanLogID(env.ResponseMetadata.RequestID)}
		pe.Class, pe.Hint = classify(e.Code, resp.StatusCode)
		return c.answer(e.Code, pe)
	}
	if out != nil && len(env.Result) > 0 {
		if err := json.Unmarshal(env.Result, out); err != nil {
			return fmt.Errorf("volcano %s: decoding the answer: %w", action, err)
		}
	}
	return nil
}
