package feishu_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
)

// The tests in this file check what the adapter sends, or how it reads an
// answer, against Feishu's documentation rather than against the
// simulator, which only reflects what we believed: each names its source.

// recorded is one request the adapter made.
type recorded struct {
	method, path string
	query        url.Values
	body         []byte
}

// recorder passes requests on and remembers them.
type recorder struct {
	next http.Handler
	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.reqs = append(r.reqs, recorded{req.Method, req.URL.Path, req.URL.Query(), body})
	r.mu.Unlock()
	r.next.ServeHTTP(w, req)
}

func (r *recorder) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.reqs)
}

// recordedClient is a client of e's app whose requests pass a recorder.
func recordedClient(t *testing.T, e *env) (*feishu.Client, *recorder) {
	t.Helper()
	rec := &recorder{next: e.sim}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return e.newClient(func(p *feishu.Params) { p.BaseURL = srv.URL }), rec
}

// TestWriteProbeRequestPassesEveryDocumentedCheck: verifyApp proves the
// contact write scope with a PATCH whose answer, when it is not a scope
// refusal, is taken as "granted". That holds whatever order Feishu checks
// scopes and parameters in only if the request breaks no documented
// parameter rule, so that no parameter check can answer first. The rules,
// from "修改部门部分信息" (open.feishu.cn/document/server-docs/contact-v3/
// department/patch): department_id matches ^[a-zA-Z0-9][a-zA-Z0-9_\-@.]{0,63}$
// (the root is "0"); user_id_type is open_id, union_id or user_id;
// department_id_type is department_id or open_department_id; every body
// field is optional and a field not sent is not changed — so an empty
// object changes nothing and fails no field rule.
func TestWriteProbeRequestPassesEveryDocumentedCheck(t *testing.T) {
	e := newEnv(t, feishusim.Config{}, nil)
	c, rec := recordedClient(t, e)
	if _, err := c.Probe(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	deptID := regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_\-@.]{0,63}$`)
	var patches []recorded
	for _, r := range rec.requests() {
		if r.method == http.MethodPatch {
			patches = append(patches, r)
		}
	}
	if len(patches) != 1 {
		t.Fatalf("want exactly one PATCH (the write probe), got %+v", patches)
	}
	p := patches[0]
	id, ok := strings.CutPrefix(p.path, "/open-apis/contact/v3/departments/")
	if !ok || !deptID.MatchString(id) {
		t.Errorf("write probe path %q: department_id breaks the documented rule", p.path)
	}
	for param, allowed := range map[string][]string{
		"user_id_type":       {"open_id", "union_id", "user_id"},
		"department_id_type": {"department_id", "open_department_id"},
	} {
		if v := p.query.Get(param); v != "" && !slices.Contains(allowed, v) {
			t.Errorf("write probe %s=%q, documented values %v", param, v, allowed)
		}
	}
	for param := range p.query {
		if param != "user_id_type" && param != "department_id_type" {
			t.Errorf("write probe sends undocumented query parameter %q", param)
		}
	}
	var body map[string]any
	if err := json.Unmarshal(p.body, &body); err != nil || len(body) != 0 {
		t.Errorf("write probe body %s: want an empty object (no field to validate or change)", p.body)
	}
}

// TestListingsStayWithinTheDocumentedPageSize: children and
// find_by_department document page_size "默认值 10, 最大值 50"
// (open.feishu.cn/document/server-docs/contact-v3/department/children and
// …/contact-v3/user/find_by_department). The simulator refusing 51 is our
// reading of that; here the adapter's own requests are held to the doc.
func TestListingsStayWithinTheDocumentedPageSize(t *testing.T) {
	e := newEnv(t, feishusim.Config{Org: bigOrg(), RateLimit: feishusim.RateLimit{Disabled: true}}, nil)
	c, rec := recordedClient(t, e)
	walk(testCtx(t), t, c)
	lists := 0
	for _, r := range rec.requests() {
		if !strings.HasSuffix(r.path, "/children") && !strings.HasSuffix(r.path, "/users/find_by_department") {
			continue
		}
		lists++
		n, err := strconv.Atoi(r.query.Get("page_size"))
		if err != nil || n < 1 || n > 50 {
			t.Errorf("%s page_size=%q: the documented maximum is 50", r.path, r.query.Get("page_size"))
		}
	}
	if lists == 0 {
		t.Fatal("no listing made: the check proves nothing")
	}
}

// TestBatchGetIDMatchesAnswersInAnyForm: batch_get_id answers one entry per
// key, carrying "the mobile, when queried by mobile" and the e-mail
// likewise (open.feishu.cn/document/server-docs/contact-v3/user/
// batch_get_id), but the doc says neither in which order nor in which form.
// A server that answers in reverse order, with mobiles as +86… and e-mails
// in capitals, must still have every key matched to its user.
func TestBatchGetIDMatchesAnswersInAnyForm(t *testing.T) {
	type info struct {
		UserID string `json:"user_id"`
		Mobile string `json:"mobile,omitempty"`
		Email  string `json:"email,omitempty"`
	}
	users := map[string]string{"13800000001": "u1", "+8613800000002": "u2", "+12126668888": "u3", "alice@example.com": "u4"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch r.URL.Path {
		case "/open-apis/auth/v3/tenant_access_token/internal":
			_, _ = w.Write([]byte(`{"code":0,"msg":"ok","tenant_access_token":"t-test","expire":7200}`))
		case "/open-apis/contact/v3/users/batch_get_id":
			var req struct{ Mobiles, Emails []string }
			_ = json.NewDecoder(r.Body).Decode(&req)
			var out []info
			for _, m := range req.Mobiles {
				digits := strings.TrimPrefix(strings.TrimPrefix(m, "+86"), "+")
				canonical := "+86" + digits
				if strings.HasPrefix(m, "+") && !strings.HasPrefix(m, "+86") {
					canonical = m
				}
				id := users[m]
				if id == "" {
					id = users[canonical]
				}
				if id == "" {
					id = users[digits]
				}
				out = append(out, info{UserID: id, Mobile: canonical})
			}
			for _, e := range req.Emails {
				out = append(out, info{UserID: users[strings.ToLower(e)], Email: strings.ToUpper(e)})
			}
			slices.Reverse(out)
			b, _ := json.Marshal(map[string]any{"code": 0, "msg": "success", "data": map[string]any{"user_list": out}})
			_, _ = w.Write(b)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	e := newEnv(t, feishusim.Config{}, nil)
	c := e.newClient(func(p *feishu.Params) { p.BaseURL = srv.URL })
	mobiles := []string{"13800000001", "13800000002", "+12126668888", "13900000009"}
	emails := []string{"Alice@Example.com"}
	got, err := c.BatchGetID(testCtx(t), mobiles, emails)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"u1", "u2", "u3", "", "u4"}
	if len(got) != len(want) {
		t.Fatalf("%d answers for %d keys: %+v", len(got), len(want), got)
	}
	for i, m := range got {
		if m.UserID != want[i] {
			t.Errorf("answer %d %+v: want user %q", i, m, want[i])
		}
	}
}
