package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"

	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/ratelimit"
)

// WeCom errcodes the wrapper acts on (全局错误码, path/90455).
const (
	codeBusy         = -1    // 系统繁忙: retry
	codeBadSecret    = 40001 // 不合法的secret (also answered for a stale token)
	codeBadToken     = 40014 // 不合法的access_token
	codeTokenExpired = 42001 // access_token已过期
	codeFreqLimit    = 45009 // 接口调用超过限制
	codeConcurrency  = 45033 // 接口并发调用超过限制
)

// maxResponseBytes bounds one response body; the largest answers used here
// (user/list of a big department) are a few MB.
const maxResponseBytes = 32 << 20

// envelope is the part every WeCom answer shares. Every answer type given
// to do embeds it, so one decode reads the errcode and the payload together
// (a large user/list answer is parsed once, not once for the errcode and
// again for the members).
type envelope struct {
	ErrCode errCode `json:"errcode"`
	ErrMsg  string  `json:"errmsg"`
}

// errCode is an errcode that was present and a number: an answer without
// one, with null or with a string is not WeCom's (roundTrip).
type errCode struct {
	n   int
	set bool
}

func (c *errCode) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if err := json.Unmarshal(b, &c.n); err != nil {
		return err
	}
	c.set = true
	return nil
}

// head gives the envelope of an answer that embeds it.
func (e *envelope) head() *envelope { return e }

// enveloped is an answer type embedding envelope (a pointer to it is what
// do and roundTrip take as out).
type enveloped interface{ head() *envelope }

// do runs one API call (api is one of the API* names: method and path):
//   - waits on the shared limiter (per corp and cgi) before every attempt;
//   - adds access_token (token.go) to the query;
//   - 40014/42001/40001: the token is invalidated (only if still the one
//     refused) and the call retried once with a fresh one, single-flight;
//   - 45009/45033: waits Retry.ThrottleWait, at most Retry.Throttled times;
//   - -1, HTTP 5xx and transport failures: exponential backoff with full
//     jitter, Retry.Attempts attempts in all;
//   - an answer that is not WeCom's JSON is *platform.Error without its body;
//   - any other non-zero errcode is *platform.Error, classified (codes.go).
//
// Writes that may be retried must be idempotent: message/send carries the
// duplicate check, contact writes set absolute values or check first.
//
// out is nil or a pointer to an answer embedding envelope; it holds the
// last answer's fields, which callers read only when do returns nil.
func (c *Client) do(ctx context.Context, api string, query url.Values, body any, out enveloped) error {
	method, path, _ := strings.Cut(api, " ")
	var failures, throttled int
	tokenRetried := false
	for {
		if err := c.paceAPI(ctx, api); err != nil {
			return err
		}
		tok, err := c.tokens.get(ctx)
		if err != nil {
			return err
		}
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("access_token", tok)
		code, msg, status, err := c.roundTrip(ctx, method, path, q, body, out)
		if err != nil {
			var pe *platform.Error
			retryable := errors.As(err, &pe) && pe.HTTPStatus >= 500 || !errors.As(err, &pe) && transient(err)
			if retryable && ctx.Err() == nil {
				if failures++; failures < c.retry.Attempts {
					if err := c.backoff(ctx, api, failures, err); err != nil {
						return err
					}
					continue
				}
			}
			return err
		}
		switch code {
		case 0:
			return nil
		case codeBadToken, codeTokenExpired, codeBadSecret:
			if !tokenRetried {
				tokenRetried = true
				c.log.InfoContext(ctx, "wecom token rejected, refreshing once", "api", api, "errcode", code)
				if err := c.tokens.invalidate(ctx, tok); err != nil {
					return fmt.Errorf("wecom %s: dropping the rejected token: %w", api, err)
				}
				continue
			}
		case codeFreqLimit, codeConcurrency:
			if throttled < c.retry.Throttled {
				throttled++
				wait := c.retry.ThrottleWait + rand.N(c.retry.ThrottleWait/10+1)
				c.log.WarnContext(ctx, "wecom frequency limit, waiting", "api", api, "errcode", code, "wait", wait)
				if err := ctxSleep(ctx, wait); err != nil {
					return fmt.Errorf("wecom %s: waiting out %d: %w", api, code, err)
				}
				continue
			}
		case codeBusy:
			if failures++; failures < c.retry.Attempts {
				if err := c.backoff(ctx, api, failures, c.answer(codeError(code, msg, status))); err != nil {
					return err
				}
				continue
			}
		}
		return c.answer(codeError(code, msg, status))
	}
}

// paceAPI waits until every base limit of api (10,000/min and 150,000/h per
// corp and cgi) admits one call. WaitAll takes both windows in one atomic
// Redis script: one round trip per call instead of one per window, and a
// call refused by the hour window holds no slot of the minute window.
func (c *Client) paceAPI(ctx context.Context, api string) error {
	lim := c.limitsFor(api)
	if len(lim) == 0 {
		return nil
	}
	if err := c.limiter.WaitAll(ctx, ratelimit.Budget{Key: c.limitKey(api), Limits: lim}); err != nil {
		return fmt.Errorf("wecom %s: rate limiter: %w", api, err)
	}
	return nil
}

// roundTrip sends one request and decodes the answer, once, into out (a
// fresh envelope when out is nil), returning its errcode and errmsg. out is
// zeroed first: a retried call never keeps a field of an earlier answer.
// The token is in q and never logged.
func (c *Client) roundTrip(ctx context.Context, method, path string, q url.Values, body any, out enveloped) (code int, msg string, status int, err error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, "", 0, fmt.Errorf("wecom %s %s: encoding the request: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path+"?"+q.Encode(), rd)
	if err != nil {
		return 0, "", 0, fmt.Errorf("wecom %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		// url.Error carries the URL, with the token: drop it.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, "", 0, fmt.Errorf("wecom %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return 0, "", resp.StatusCode, fmt.Errorf("wecom %s %s: reading the answer: %w", method, path, err)
	}
	if out == nil {
		out = new(envelope)
	} else {
		reflect.ValueOf(out).Elem().SetZero()
	}
	env := out.head()
	decodeErr := error(nil)
	if len(raw) <= maxResponseBytes {
		decodeErr = json.Unmarshal(raw, out)
	}
	// A field of the wrong type still leaves the rest decoded (the errcode
	// among them): that is a payload error, not a foreign answer.
	var typeErr *json.UnmarshalTypeError
	if len(raw) > maxResponseBytes || decodeErr != nil && !errors.As(decodeErr, &typeErr) || !env.ErrCode.set {
		// Not WeCom's answer (a proxy's page, another service): its content
		// is never kept, the host was named by an admin.
		return 0, "", resp.StatusCode, &platform.Error{Platform: PlatformName, HTTPStatus: resp.StatusCode,
			Msg:   fmt.Sprintf("not a WeCom API response (HTTP %d)", resp.StatusCode),
			Class: classForStatus(resp.StatusCode)}
	}
	if env.ErrCode.n == 0 && decodeErr != nil {
		return 0, "", resp.StatusCode, fmt.Errorf("wecom %s %s: decoding the answer: %w", method, path, decodeErr)
	}
	return env.ErrCode.n, env.ErrMsg, resp.StatusCode, nil
}

// hintRe finds the request id WeCom appends to errmsg ("…, hint: [1651…],
// from ip: …, more info at …").
var hintRe = regexp.MustCompile(`hint: \[([^\]]{1,80})\]`)

// codeError turns a refusal into *platform.Error: the errmsg up to its
// first comma-separated suffix, the hint as the log id.
func codeError(code int, msg string, status int) *platform.Error {
	e := &platform.Error{Platform: PlatformName, Code: code, HTTPStatus: status}
	if m := hintRe.FindStringSubmatch(msg); m != nil {
		e.LogID = platform.CleanLogID(m[1])
	}
	if i := strings.Index(msg, ", hint:"); i >= 0 {
		msg = msg[:i]
	}
	e.Msg = platform.CleanMessage(msg)
	e.Class, e.Hint = classify(code)
	return e
}

func (c *Client) backoff(ctx context.Context, api string, n int, cause error) error {
	d := c.retry.Backoff << (n - 1)
	if d <= 0 || d > c.retry.MaxBackoff {
		d = c.retry.MaxBackoff
	}
	d = rand.N(d) + 1
	c.log.WarnContext(ctx, "wecom call failed, retrying", "api", api, "attempt", n, "wait", d, "err", cause)
	if err := ctxSleep(ctx, d); err != nil {
		return fmt.Errorf("wecom %s: retry backoff: %w (after %v)", api, err, cause)
	}
	return nil
}

// transient: a failure of the transport worth retrying; never an egress
// refusal or the context ending.
func transient(err error) bool {
	var refused *egress.Error
	if errors.As(err, &refused) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return true
}
