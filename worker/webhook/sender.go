package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"imbridge/ent"
	"imbridge/ent/seal"
	"imbridge/platform"
	"imbridge/platform/egress"
)

// Setting is the operator setting listing the private (or plain-http)
// hosts receivers may be on: the OA is usually inside the operator's
// network, which tenant admins must not otherwise reach through the bridge.
// Subject names receivers in the egress policy's refusals.
const (
	Setting = "IMBRIDGE_ALLOW_PRIVATE_WEBHOOK_HOSTS"
	Subject = "webhook receivers"
)

// Outcome is what an attempt means for its delivery.
type Outcome int

const (
	// Delivered: the receiver answered 2xx.
	Delivered Outcome = iota
	// Retry: 5xx, 408, 429, no answer in time, or no connection: try again
	// later.
	Retry
	// Refused: any other answer (4xx), or a destination the egress policy
	// refuses: retrying the same request cannot succeed, so it is dead.
	Refused
)

func (o Outcome) String() string {
	return [...]string{"delivered", "retry", "refused"}[o]
}

// Limits of what the bridge keeps of a receiver's answer.
const (
	// MaxResponseBody is how much of an answer Send reads (Result.Body,
	// for synchronous callers); the rest is discarded.
	MaxResponseBody = 64 << 10
)

// Result is the outcome of one attempt. Error is safe to store and show:
// the HTTP status and a reason classified from it (StatusError), never
// text of the answer.
type Result struct {
	Outcome Outcome
	// Status is the HTTP status, 0 when there was no answer.
	Status int
	// RetryAfter is the receiver's Retry-After, 0 when absent.
	RetryAfter time.Duration
	// Error says why the attempt did not deliver; "" when it did.
	Error string
	// Body is the start of the answer (at most MaxResponseBody), for
	// callers that need the receiver's reply; it is never stored.
	Body []byte
	// Duration is how long the attempt took.
	Duration time.Duration
}

// Sender makes signed POSTs to webhook endpoints.
type Sender struct {
	// Sealer opens the endpoints' secrets.
	Sealer *seal.Sealer
	// Egress decides which hosts receivers may be on; nil means
	// egress.Strict() (public https only).
	Egress *egress.Policy
	// Scoped allows one tenant's receivers under one path past Egress (the
	// demo tenant's /demo/oa); nil: none.
	Scoped *Scoped
	// Timeout bounds one attempt, connection included (default 10 s).
	Timeout time.Duration
	// Now is the clock of the timestamp header and of secret rotation.
	Now func() time.Time

	once   sync.Once
	client *http.Client
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Sender) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return 10 * time.Second
}

// Policy is the egress policy of webhook calls.
func (s *Sender) Policy() *egress.Policy {
	if s.Egress == nil {
		return egress.Strict()
	}
	return s.Egress
}

// CheckURL validates an endpoint URL as an admin of the viewer's tenant
// enters it (egress rules, after DNS resolution).
func (s *Sender) CheckURL(ctx context.Context, raw string) error {
	_, err := s.policyFor(tenantOf(ctx), raw).CheckURL(ctx, raw)
	return err
}

func (s *Sender) httpClient() *http.Client {
	s.once.Do(func() { s.client = s.Policy().Client(s.timeout()) })
	return s.client
}

// Send POSTs body to the endpoint as event eventID of type typ, signed with
// its secrets, and classifies the answer. It never returns a Go error:
// everything that can go wrong is a Result the caller records.
func (s *Sender) Send(ctx context.Context, ep *ent.WebhookEndpoint, eventID, typ string, body []byte) Result {
	start := s.now()
	r := s.send(ctx, ep, eventID, typ, body, start)
	r.Duration = s.now().Sub(start)
	return r
}

func (s *Sender) send(ctx context.Context, ep *ent.WebhookEndpoint, eventID, typ string, body []byte, now time.Time) Result {
	keys, err := secrets(s.Sealer, ep, now)
	if err != nil {
		// A key problem is the operator's (IMBRIDGE_SECRET_KEY changed):
		// retrying later may work once it is fixed.
		return Result{Outcome: Retry, Error: "cannot open the endpoint's signing secret: " + err.Error()}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return Result{Outcome: Refused, Error: "the endpoint URL is not valid"}
	}
	ts := now.Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "imbridge-webhook/1")
	req.Header.Set(HeaderEvent, typ)
	req.Header.Set(HeaderDelivery, eventID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, SignatureHeader(keys, ts, body))
	resp, err := s.clientFor(ep.TenantID, ep.URL).Do(req)
	if err != nil {
		return s.failure(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
	r := Result{Status: resp.StatusCode, Body: answer}
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		r.Outcome = Delivered
		return r
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		r.Outcome = Retry
		r.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), s.now())
	default:
		r.Outcome = Refused
	}
	r.Error = StatusError(resp.StatusCode) // never the body: reason.go
	return r
}

// failure classifies a request that got no answer.
func (s *Sender) failure(err error) Result {
	var refused *egress.Error
	if errors.As(err, &refused) {
		return Result{Outcome: Refused, Error: refused.Error()}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return Result{Outcome: Retry, Error: fmt.Sprintf("no answer within %s", s.timeout())}
	}
	if errors.Is(err, context.Canceled) {
		return Result{Outcome: Retry, Error: "the attempt was interrupted (the worker is stopping)"}
	}
	// The transport's error names the address and the cause ("connect:
	// connection refused"); the URL itself is the admin's own.
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) && ue.Unwrap() != nil {
		err = ue.Unwrap()
	}
	return Result{Outcome: Retry, Error: "no connection: " + platform.CleanMessage(err.Error())}
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(min(n, int(maxRetryAfter/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetryAfter)
	}
	return 0
}
