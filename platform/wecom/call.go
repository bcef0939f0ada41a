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
	"regexp"
	"strings"

	"imbridge/platform"
	"imbridge/platform/egress"
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

// envelope is the part every WeCom answer shares.
type envelope struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

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
func (c *Client) do(ctx context.Context, api string, query url.Values, body, out any) error {
	method, path, _ := strings.Cut(api, " ")
	var failures, throttled int
	tokenRetried := false
	for {
		if lim := c.limitsFor(api); len(lim) > 0 {
			if err := c.limiter.Wait(ctx, c.limitKey(api), lim...); err != nil {
				return fmt.Errorf("wecom %s: rate limiter: %w", api, err)
			}
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
				if err := c.backoff(ctx, api, failures, codeError(code, msg, status)); err != nil {
					return err
				}
				continue
			}
		}
		return codeError(code, msg, status)
	}
}

// roundTrip sends one request and decodes the answer into out, returning
// its errcode and errmsg. The token is in q and never logged.
func (c *Client) roundTrip(ctx context.Context, method, path string, q url.Values, body, out any) (code int, msg string, status int, err error) {
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
	var env envelope
	if len(raw) > maxResponseBytes || json.Unmarshal(raw, &env) != nil || env.ErrCode == nil {
		// Not WeCom's answer (a proxy's page, another service): its content
		// is never kept, the host was named by an admin.
		return 0, "", resp.StatusCode, &platform.Error{Platform: PlatformName, HTTPStatus: resp.StatusCode,
			Msg:   fmt.Sprintf("not a WeCom API response (HTTP %d)", resp.StatusCode),
			Class: classForStatus(resp.StatusCode)}
	}
	if *env.ErrCode == 0 && out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return 0, "", resp.StatusCode, fmt.Errorf("wecom %s %s: decoding the answer: %w", method, path, err)
		}
	}
	return *env.ErrCode, env.ErrMsg, resp.StatusCode, nil
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
