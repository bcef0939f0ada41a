package graph_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"imbridge/ent/viewer"
	"imbridge/graph"
	"imbridge/graph/graphtest"
)

// post sends a raw request to /query as c and returns the status and the
// decoded GraphQL response (errors only, for refusals).
func post(t *testing.T, env *graphtest.Env, c *graphtest.Caller, method, contentType string, body io.Reader, rawQuery ...string) (int, graphtest.Response, string) {
	t.Helper()
	target := env.Server.URL + "/query"
	if len(rawQuery) > 0 {
		target += "?" + rawQuery[0]
	}
	req, _ := http.NewRequest(method, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c != nil {
		c.AuthorizeForTest(req.Header)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s /query: %v", method, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out graphtest.Response
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out, string(raw)
}

func firstCode(r graphtest.Response) string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Code()
}

// TestMalformedRequestsAreTheClientsMistake: a body that is not one JSON
// object of the right shape, a wrong content type or method, and first
// with last are refused with 4xx and BAD_USER_INPUT and a message naming the
// rule; nothing is INTERNAL, nothing panics, and the body (an app secret in
// it) reaches neither the response nor the log.
func TestMalformedRequestsAreTheClientsMistake(t *testing.T) {
	env := graphtest.New(t)
	_, adm, tok := env.Tenant("acme")
	const secret = "sk-leaked-through-a-malformed-body-42"
	mutation := `mutation { createApp(input: {corpID: "1", name: "x", appID: "cli_x", appSecret: "` + secret + `"}) { id } }`
	quoted, _ := json.Marshal(mutation)
	cases := []struct {
		name, method, contentType, body string
		status                          int
		message                         string
	}{
		{"truncated JSON", "POST", "application/json", `{"query": ` + string(quoted), 400, "not valid JSON"},
		{"broken JSON", "POST", "application/json", `{"query": ` + string(quoted) + `, "variables": {"appSecret": "` + secret + `" ]}`, 400, "not valid JSON"},
		{"array body", "POST", "application/json", `[{"query": ` + string(quoted) + `}]`, 400, "JSON array"},
		{"string body", "POST", "application/json", `"` + secret + `"`, 400, "one JSON object"},
		{"variables not an object", "POST", "application/json", `{"query": ` + string(quoted) + `, "variables": ["` + secret + `"]}`, 400, "variables must be an object"},
		{"query not a string", "POST", "application/json", `{"query": {"appSecret": "` + secret + `"}}`, 400, "query must be a string"},
		{"two objects", "POST", "application/json", `{"query": "{ viewer { name } }"} {"appSecret": "` + secret + `"}`, 400, "more than one JSON value"},
		{"empty body", "POST", "application/json", ``, 400, "empty"},
		{"text/plain", "POST", "text/plain", `{"query": ` + string(quoted) + `}`, 415, "application/json"},
		{"form", "POST", "application/x-www-form-urlencoded", `query=` + secret, 415, "application/json"},
		{"no content type", "POST", "", `{"query": ` + string(quoted) + `}`, 415, "application/json"},
		{"PUT", "PUT", "application/json", `{"query": ` + string(quoted) + `}`, 405, "POST"},
		{"first with last", "POST", "application/json", `{"query": "{ users(first: 2, last: 2) { totalCount } }"}`, 400, "users.last: pass either first or last"},
		{"first with last, nested", "POST", "application/json", `{"query": "{ departments(first: 1) { edges { node { children(first: 1, last: 1) { totalCount } } } } }"}`, 400, "children.last"},
		{"nested page too large", "POST", "application/json", `{"query": "{ corps(first: 1) { edges { node { apps(first: 100000) { totalCount } } } } }"}`, 400, "apps.first: must be between 0 and 1000"},
	}
	for _, caller := range []*graphtest.Caller{nil, adm, tok} {
		for _, c := range cases {
			status, r, raw := post(t, env, caller, c.method, c.contentType, strings.NewReader(c.body))
			who := "anonymous"
			if caller != nil {
				who = caller.Name
			}
			if status != c.status || firstCode(r) != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, c.message) {
				t.Errorf("%s, %s: %d %s, want %d BAD_USER_INPUT with %q", who, c.name, status, raw, c.status, c.message)
			}
			if strings.Contains(raw, secret) {
				t.Errorf("%s, %s: the response quotes the body: %s", who, c.name, raw)
			}
		}
	}
	// GET: queries only, and the same answers for malformed parameters.
	for _, c := range []struct {
		name, query string
		status      int
		message     string
	}{
		{"variables not an object", "query=" + url.QueryEscape("query($id: ID!) { node(id: $id) { id } }") + "&variables=" + url.QueryEscape(`["`+secret+`"]`), 400, "variables must be a JSON object"},
		{"broken variables", "query=" + url.QueryEscape("{ viewer { name } }") + "&variables=" + url.QueryEscape(`{"appSecret": "`+secret+`"`), 400, "variables must be a JSON object"},
		{"a mutation", "query=" + url.QueryEscape(mutation), 405, "GET runs queries only"},
		{"first with last", "query=" + url.QueryEscape("{ users(first: 1, last: 1) { totalCount } }"), 400, "pass either first or last"},
	} {
		status, r, raw := post(t, env, adm, "GET", "", nil, c.query)
		if status != c.status || firstCode(r) != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, c.message) {
			t.Errorf("GET, %s: %d %s, want %d BAD_USER_INPUT with %q", c.name, status, raw, c.status, c.message)
		}
		if strings.Contains(raw, secret) {
			t.Errorf("GET, %s: the response quotes the request: %s", c.name, raw)
		}
	}
	var apps struct{ Apps struct{ TotalCount int } }
	adm.MustDo(`{ apps { totalCount } }`, nil, &apps)
	if apps.Apps.TotalCount != 0 {
		t.Fatalf("a malformed request created an app")
	}
	logs := env.Logs.String()
	for _, bad := range []string{secret, "panic", "missing operation context", "unexpected resolver error"} {
		if strings.Contains(logs, bad) {
			t.Errorf("the log holds %q:\n%s", bad, logs)
		}
	}
	// The server still answers well-formed requests.
	adm.MustDo(`{ viewer { name } }`, nil, nil)
}

// TestAnonymousBodiesAreSmall: before authentication a body over the
// anonymous limit is refused with 413 REQUEST_TOO_LARGE; with credentials
// the same body passes (imports are large).
func TestAnonymousBodiesAreSmall(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	body := `{"query": "{ viewer { name } }` + strings.Repeat(" ", int(graph.DefaultRequestLimits.AnonymousBody)) + `"}`
	status, r, raw := post(t, env, env.Anonymous(), "POST", "application/json", strings.NewReader(body))
	if status != http.StatusRequestEntityTooLarge || firstCode(r) != "REQUEST_TOO_LARGE" || !strings.Contains(r.Errors[0].Message, "before authentication") {
		t.Fatalf("anonymous large body: %d %s", status, raw)
	}
	// Chunked (no Content-Length): refused as well, once the limit is read.
	status, r, raw = post(t, env, env.Anonymous(), "POST", "application/json", io.MultiReader(strings.NewReader(body)))
	if status != http.StatusRequestEntityTooLarge || firstCode(r) != "REQUEST_TOO_LARGE" {
		t.Fatalf("anonymous large chunked body: %d %s", status, raw)
	}
	// A GET's query string counts as its body.
	resp, err := http.Get(env.Server.URL + "/query?query=" + strings.Repeat("%20", int(graph.DefaultRequestLimits.AnonymousBody)) + "%7Bviewer%7Bname%7D%7D")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestURITooLong {
		t.Fatalf("anonymous long GET: %d", resp.StatusCode)
	}
	status, r, raw = post(t, env, adm, "POST", "application/json", strings.NewReader(body))
	if status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("authenticated body of the same size: %d %s", status, raw)
	}
}

// countingReader is an endless body that counts what was read of it.
type countingReader struct {
	n, limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.n >= c.limit {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > c.limit-c.n {
		n = c.limit - c.n
	}
	for i := range p[:n] {
		p[i] = ' '
	}
	atomic.AddInt64(&c.n, n)
	return int(n), nil
}

// TestLargeBodiesAreNotReadWhole: a 50 MB body is read only up to the
// caller's limit (plus one read buffer), declared or not; an authenticated
// caller's 128 MB body only up to the larger limit.
func TestLargeBodiesAreNotReadWhole(t *testing.T) {
	env := graphtest.New(t)
	h := graph.DefaultRequestLimits.Handler(graph.NewHandler(env.Resolver, nil))
	const fifty = 50 << 20
	tokenViewer := &viewer.Viewer{Kind: viewer.KindToken, ID: 1, TenantID: 1, Scopes: viewer.TokenScopes}
	for _, c := range []struct {
		name     string
		v        *viewer.Viewer
		limit    int64
		size     int64
		declared bool
	}{
		{"anonymous, chunked", nil, graph.DefaultRequestLimits.AnonymousBody, fifty, false},
		{"anonymous, declared", nil, graph.DefaultRequestLimits.AnonymousBody, fifty, true},
		{"authenticated, chunked", tokenViewer, graph.DefaultRequestLimits.Body, 2 * graph.DefaultRequestLimits.Body, false},
	} {
		body := &countingReader{limit: c.size}
		req := httptest.NewRequest(http.MethodPost, "/query", body)
		req.Header.Set("Content-Type", "application/json")
		req.ContentLength = -1
		if c.declared {
			req.ContentLength = c.size
		}
		if c.v != nil {
			req = req.WithContext(viewer.NewContext(req.Context(), c.v))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "REQUEST_TOO_LARGE") {
			t.Errorf("%s: %d %s", c.name, rec.Code, rec.Body)
		}
		read := atomic.LoadInt64(&body.n)
		if c.declared && read != 0 {
			t.Errorf("%s: read %d bytes of a body declared too large", c.name, read)
		}
		if read > c.limit+64<<10 {
			t.Errorf("%s: read %d bytes, limit %d", c.name, read, c.limit)
		}
	}

	// Over the wire: the client gets the refusal and stops sending long
	// before 50 MB (what it wrote is bounded by the sockets' buffers).
	body := &countingReader{limit: fifty}
	status, r, raw := post(t, env, nil, "POST", "application/json", body)
	if status != http.StatusRequestEntityTooLarge || firstCode(r) != "REQUEST_TOO_LARGE" {
		t.Fatalf("over the wire: %d %s", status, raw)
	}
	if sent := atomic.LoadInt64(&body.n); sent > 16<<20 {
		t.Fatalf("the client sent %d bytes before the refusal", sent)
	}
}

// TestSlowBodiesTimeOut: a body that stops arriving is answered with 408
// REQUEST_TIMEOUT once the read deadline passes, not held open.
func TestSlowBodiesTimeOut(t *testing.T) {
	limits := graph.DefaultRequestLimits
	limits.AnonymousReadTimeout = 100 * time.Millisecond
	env := graphtest.New(t, graphtest.Options{RequestLimits: &limits})
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() { _, _ = pw.Write([]byte(`{"query": "{ viewer`)) }() // and nothing more
	status, r, raw := post(t, env, nil, "POST", "application/json", pr)
	if status != http.StatusRequestTimeout || firstCode(r) != "REQUEST_TIMEOUT" {
		t.Fatalf("stalled body: %d %s", status, raw)
	}
}
