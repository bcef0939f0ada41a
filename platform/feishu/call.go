package feishu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"

	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/ratelimit"
)

// Feishu codes the wrapper acts on (reference/feishu-api.md §3.5).
const (
	codeRateLimited     = 99991400 // with HTTP 429 (HTTP 400 on some legacy APIs)
	codeTokenInvalid    = 99991663 // tenant_access_token invalid or expired
	codeAppTokenInvalid = 99991664
	codeTokenBadFormat  = 99991671
)

// headerRateLimitReset is the seconds until the throttling window resets.
const headerRateLimitReset = "x-ogw-ratelimit-reset"

// sdkCall makes one SDK call and returns its response's parts: every SDK
// response type embeds *larkcore.ApiResp and larkcore.CodeError. A closure
// keeps the typed response for the caller.
type sdkCall func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error)

// do runs one API call with everything the SDK leaves to us:
//   - it waits on the shared limiter (per app and API) before every attempt;
//   - 99991663/99991664/99991671: the token is evicted from the cache and
//     the call retried once (the SDK's own retry resends the stale token).
//     Calls in flight when a token dies each evict and the SDK refetches:
//     a few extra token requests, harmless because Feishu hands out the
//     same token again while it has more than 30 minutes left;
//   - HTTP 429 or 99991400: waits x-ogw-ratelimit-reset, then retries;
//   - HTTP 5xx and transport failures: retried with exponential backoff and
//     full jitter, at most Retry.Attempts attempts in all;
//   - an answer that is not the platform's (transport.go) is retried as
//     its status says, then returned as *platform.Error without its body;
//   - a refusal by the egress rules is returned at once;
//   - any other non-zero code is returned as *platform.Error.
//
// Writes that may be retried must be idempotent on the platform side
// (client_token, uuid): a timed-out attempt may have been applied.
func (c *Client) do(ctx context.Context, api string, call sdkCall) error {
	return c.doPaced(ctx, api, nil, call)
}

// doPaced is do for a call that also draws on a budget of its own (p: a
// person's or a message's, see pace); nil is do.
func (c *Client) doPaced(ctx context.Context, api string, p *pace, call sdkCall) error {
	ctx = withIdentity(ctx, c.tokens.id)
	var failures, throttled int
	tokenRetried := false
	after429 := false // the last attempt was throttled (see wait)
	for {
		if err := c.wait(ctx, api, p, after429); err != nil {
			return fmt.Errorf("feishu %s: rate limiter: %w", api, err)
		}
		after429 = false
		resp, ce, err := call(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("feishu %s: %w", api, ctx.Err())
			}
			// The SDK returns the token endpoint's refusal as a bare
			// CodeError (bad app id/secret, throttled token endpoint…).
			var tokErr larkcore.CodeError
			if errors.As(err, &tokErr) {
				if tokErr.Code == codeRateLimited && throttled < c.retry.Throttled {
					throttled++
					after429 = true
					if err := c.throttleWait(ctx, api, nil); err != nil {
						return err
					}
					continue
				}
				return c.answer(codeError(0, nil, tokErr))
			}
			// An answer that is not the platform's: retried like the
			// status it came with, then reported without its content.
			var na *notAPIResponse
			if errors.As(err, &na) {
				pe := &platform.Error{Platform: PlatformName, Msg: na.Error(), HTTPStatus: na.status}
				switch {
				case na.status == http.StatusTooManyRequests && throttled < c.retry.Throttled:
					throttled++
					after429 = true
					if err := c.throttleWait(ctx, api, nil); err != nil {
						return err
					}
					continue
				case na.status >= 500:
					if failures++; failures < c.retry.Attempts {
						if err := c.backoff(ctx, api, failures, pe); err != nil {
							return err
						}
						continue
					}
				}
				return pe
			}
			if transient(err) {
				failures++
				if failures < c.retry.Attempts {
					if err := c.backoff(ctx, api, failures, err); err != nil {
						return err
					}
					continue
				}
				return fmt.Errorf("feishu %s: giving up after %d attempts: %w", api, failures, err)
			}
			return fmt.Errorf("feishu %s: %w", api, err)
		}

		status := resp.StatusCode
		switch {
		case ce.Code == codeTokenInvalid || ce.Code == codeAppTokenInvalid || ce.Code == codeTokenBadFormat:
			if !tokenRetried {
				tokenRetried = true
				c.log.InfoContext(ctx, "feishu token rejected, evicting and retrying",
					"api", api, "code", ce.Code, "log_id", resp.RequestId())
				if err := c.tokens.evict(ctx, c.appID); err != nil {
					return fmt.Errorf("feishu %s: evicting token: %w", api, err)
				}
				continue
			}
		case status == http.StatusTooManyRequests || ce.Code == codeRateLimited:
			if throttled < c.retry.Throttled {
				throttled++
				after429 = true
				if err := c.throttleWait(ctx, api, resp); err != nil {
					return err
				}
				continue
			}
		case status >= 500:
			failures++
			if failures < c.retry.Attempts {
				if err := c.backoff(ctx, api, failures, c.answer(codeError(status, resp, ce))); err != nil {
					return err
				}
				continue
			}
		case ce.Code == 0:
			return nil
		}
		return c.answer(codeError(status, resp, ce))
	}
}

// wait takes one slot of every budget an attempt at api draws on: the
// app's limits of the API, and with a pace the person's or message's too,
// all at once (ratelimit.WaitAll): a call never holds one slot while it
// waits for another, and never takes a slot twice.
//
// After a 429 the retry takes slots of the one-second budgets only: the
// gateway refused the attempt, so it is not in Feishu's count, and the
// slot it took of the longer windows (1000/min) passes to the retry. Were
// it taken again, one 429 in a run of 1,000 calls would make the 1,000th
// wait a minute. (That a refused call is not counted is how the simulator
// counts and how rate limiters usually do; Feishu's docs do not say —
// UNVERIFIED. Were it counted, Feishu's next 429 would say so, and the
// wait for its reset keeps the count right.)
func (c *Client) wait(ctx context.Context, api string, p *pace, retryAfter429 bool) error {
	short := func(ls []ratelimit.Limit) []ratelimit.Limit {
		if retryAfter429 {
			return shortWindows(ls)
		}
		return ls
	}
	if p == nil {
		return c.limiter.Wait(ctx, c.limitKey(api), short(c.limitsFor(api))...)
	}
	return c.limiter.WaitAll(ctx,
		ratelimit.Budget{Key: c.limitKey(api), Limits: short(c.limitsFor(api))},
		ratelimit.Budget{Key: c.limitKey(p.api) + ":" + p.id, Limits: short(c.limitsFor(p.api))})
}

// shortWindows are the limits of at most a second.
func shortWindows(ls []ratelimit.Limit) []ratelimit.Limit {
	var out []ratelimit.Limit
	for _, l := range ls {
		if l.Per <= time.Second {
			out = append(out, l)
		}
	}
	return out
}

// codeError turns a refusal into *platform.Error. The log id comes from the
// X-Tt-Logid header, else from the body's error.log_id. The message and log
// id are bounded and cleaned (platform.CleanMessage): they come from a host
// an admin named, and are shown and stored.
func codeError(status int, resp *larkcore.ApiResp, ce larkcore.CodeError) *platform.Error {
	e := &platform.Error{Platform: PlatformName, Code: ce.Code, Msg: platform.CleanMessage(ce.Msg), HTTPStatus: status}
	e.Class, e.Hint = classify(ce.Code, status)
	if resp != nil {
		e.LogID = platform.CleanLogID(resp.RequestId())
	}
	if e.LogID == "" && ce.Err != nil {
		e.LogID = platform.CleanLogID(ce.Err.LogID)
	}
	return e
}

// throttleWait sleeps until the platform's throttling window resets: the
// x-ogw-ratelimit-reset header (1 s when absent), capped, plus up to 250 ms
// of jitter so the callers it throttled together do not return together.
func (c *Client) throttleWait(ctx context.Context, api string, resp *larkcore.ApiResp) error {
	wait := time.Second
	if resp != nil {
		if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get(headerRateLimitReset))); err == nil && s >= 0 {
			wait = time.Duration(s) * time.Second
		}
	}
	wait = min(wait, c.retry.MaxThrottleWait) + rand.N(250*time.Millisecond)
	var logID string
	if resp != nil {
		logID = resp.RequestId()
	}
	c.log.WarnContext(ctx, "feishu throttled (429), waiting for the window to reset",
		"api", api, "wait", wait, "log_id", logID)
	if err := ctxSleep(ctx, wait); err != nil {
		return fmt.Errorf("feishu %s: waiting out 429: %w", api, err)
	}
	return nil
}

// backoff sleeps before retry n (1-based): full jitter over base·2^(n-1),
// capped.
func (c *Client) backoff(ctx context.Context, api string, n int, cause error) error {
	d := c.retry.Backoff << (n - 1)
	if d <= 0 || d > c.retry.MaxBackoff {
		d = c.retry.MaxBackoff
	}
	d = rand.N(d) + time.Millisecond
	c.log.WarnContext(ctx, "feishu call failed, retrying", "api", api, "attempt", n, "wait", d, "err", cause)
	if err := ctxSleep(ctx, d); err != nil {
		return fmt.Errorf("feishu %s: retry backoff: %w (after %v)", api, err, cause)
	}
	return nil
}

// transient says whether an SDK error is a failure of the transport or of
// the server worth retrying: gateway timeout (the SDK's ServerTimeoutError
// on 504), client timeout, dial failure, a connection cut mid-response, or
// a body that is not the JSON the SDK expected (a proxy's HTML error page
// on 502/503: the SDK reports it without the status).
func transient(err error) bool {
	var refused *egress.Error
	if errors.As(err, &refused) {
		return false // the egress rules refused the host or a redirect
	}
	var (
		st *larkcore.ServerTimeoutError
		ct *larkcore.ClientTimeoutError
		df *larkcore.DialFailedError
		ue *url.Error
		ne net.Error
		se *json.SyntaxError
	)
	switch {
	case errors.As(err, &st), errors.As(err, &ct), errors.As(err, &df),
		errors.As(err, &ue), errors.As(err, &ne), errors.As(err, &se):
		return true
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	}
	return strings.Contains(err.Error(), "content-type not json")
}
