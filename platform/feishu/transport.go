package feishu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"imbridge/platform/egress"
)

// maxResponseBytes bounds one response body. The largest answers used here
// are pages of 50 users (a few hundred KB); a body beyond this is not an
// Open Platform answer.
const maxResponseBytes = 16 << 20

// httpClient is the client every call of one Client goes through: the
// egress policy's (public https hosts only unless the operator allows,
// checked at connect time, no redirects), with apiResponses on top.
func httpClient(policy *egress.Policy, timeout time.Duration) *http.Client {
	hc := policy.Client(timeout)
	hc.Transport = apiResponses{next: hc.Transport}
	return hc
}

// notAPIResponse is an answer that is not the Open Platform's: HTML from a
// proxy, another service's JSON, a body too large. Its content is never
// kept: the base URL is chosen by an admin, and the body could be anything
// on the host it names.
type notAPIResponse struct {
	status int
	why    string
}

func (e *notAPIResponse) Error() string {
	return fmt.Sprintf("not a Feishu API response (HTTP %d, %s)", e.status, e.why)
}

// apiResponses reads each response whole (bounded) and lets through only
// what looks like the Open Platform's JSON: Content-Type JSON and an object
// with an integer "code" (every API answers {"code": …, "msg": …}; the
// token endpoint too). A redirect passes, for the client to refuse.
type apiResponses struct{ next http.RoundTripper }

func (t apiResponses) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		if resp.Header.Get("Location") != "" {
			return resp, nil
		}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if why := notAPI(resp.Header.Get("Content-Type"), body); why != "" {
		return nil, &notAPIResponse{status: resp.StatusCode, why: why}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp, nil
}

// notAPI says why a body is not an Open Platform answer, "" if it is one.
func notAPI(contentType string, body []byte) string {
	if len(body) > maxResponseBytes {
		return "body larger than 16 MiB"
	}
	if !strings.Contains(strings.ToLower(contentType), "json") {
		return "not JSON"
	}
	if !hasIntegerCode(body) {
		return "no integer code in the body"
	}
	return ""
}

// hasIntegerCode says whether body is a JSON object with an integer "code"
// member (matched as encoding/json matches it, case-insensitively). It
// reads members only up to "code", which the platform writes first: the
// check costs next to nothing next to the SDK's own decode of the body,
// which reports any syntax error further on.
func hasIntegerCode(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		if key, _ := t.(string); strings.EqualFold(key, "code") {
			var code *int64
			return dec.Decode(&code) == nil && code != nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return false
		}
	}
	return false
}
