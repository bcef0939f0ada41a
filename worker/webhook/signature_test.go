package webhook_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"imbridge/worker/webhook"
)

// The vectors were computed with openssl, independently of this code:
//
//	printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac "$secret"
var vectors = []struct {
	secret string
	ts     int64
	body   string
	sig    string
}{
	{
		"whsec_example_do_not_use_0123456789abcdefghijk", 1767225600,
		`{"id":"evt_0001","type":"user.updated","sequence":42,"subject":"user:U0001","occurred_at":"2026-01-01T00:00:00Z","data":{"id":"U0001","name":"张三"}}`,
		"ee06c8d8635c375372610bd658245e3f3baa16efbbb67d2e2741418b12d1fefc",
	},
	{"whsec_old", 1767225600, `{}`, "68ccc56f7767d9021468124621705aae6e8c6feb9f92936b559d0c29674667d5"},
}

func TestSignVectors(t *testing.T) {
	for _, v := range vectors {
		if got := webhook.Sign(v.secret, v.ts, []byte(v.body)); got != v.sig {
			t.Errorf("Sign(%q, %d, %q) = %s, want %s", v.secret, v.ts, v.body, got, v.sig)
		}
	}
	h := webhook.SignatureHeader([]string{vectors[0].secret, "whsec_old"}, 1767225600, []byte(vectors[0].body))
	if !strings.HasPrefix(h, "v1="+vectors[0].sig+",v1=") || strings.Count(h, "v1=") != 2 {
		t.Errorf("two secrets: header %q", h)
	}
}

func TestVerify(t *testing.T) {
	v := vectors[0]
	body := []byte(v.body)
	at := time.Unix(v.ts, 0)
	ok := []struct{ name, header string }{
		{"one signature", "v1=" + v.sig},
		{"new secret first, old second", "v1=" + webhook.Sign("whsec_new", v.ts, body) + ",v1=" + v.sig},
		{"an unknown version next to v1", "v2=abcdef, v1=" + v.sig},
	}
	for _, c := range ok {
		if err := webhook.Verify(v.secret, c.header, "1767225600", body, at.Add(4*time.Minute), webhook.DefaultTolerance); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	bad := []struct {
		name, header, ts string
		body             []byte
		now              time.Time
		want             error
	}{
		{"wrong secret", "v1=" + webhook.Sign("whsec_other", v.ts, body), "1767225600", body, at, webhook.ErrSignature},
		{"body changed", "v1=" + v.sig, "1767225600", []byte(strings.Replace(v.body, "42", "43", 1)), at, webhook.ErrSignature},
		{"timestamp changed", "v1=" + v.sig, "1767225601", body, at, webhook.ErrSignature},
		{"too old", "v1=" + v.sig, "1767225600", body, at.Add(6 * time.Minute), webhook.ErrTimestamp},
		{"from the future", "v1=" + v.sig, "1767225600", body, at.Add(-6 * time.Minute), webhook.ErrTimestamp},
		{"no timestamp", "v1=" + v.sig, "", body, at, webhook.ErrTimestamp},
		{"no v1", "v0=" + v.sig, "1767225600", body, at, webhook.ErrNoSignature},
		{"empty", "", "1767225600", body, at, webhook.ErrNoSignature},
	}
	for _, c := range bad {
		if err := webhook.Verify(v.secret, c.header, c.ts, c.body, c.now, webhook.DefaultTolerance); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

func TestSubscribedAndTypeFilters(t *testing.T) {
	cases := []struct {
		filter []string
		typ    string
		want   bool
	}{
		{nil, webhook.TypeUserCreated, true},
		{[]string{"user.*"}, webhook.TypeUserDeleted, true},
		{[]string{"user.*"}, webhook.TypeDepartmentCreated, false},
		{[]string{"department.moved"}, webhook.TypeDepartmentMoved, true},
		{[]string{"department.moved"}, webhook.TypeDepartmentCreated, false},
		{[]string{"binding.created"}, webhook.TypePing, true},
	}
	for _, c := range cases {
		if got := webhook.Subscribed(c.filter, c.typ); got != c.want {
			t.Errorf("Subscribed(%v, %s) = %v", c.filter, c.typ, got)
		}
	}
	for _, ok := range []string{"user.created", "user.*", "binding.*", "ping"} {
		if err := webhook.ValidTypeFilter(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"user.renamed", "*", "users.*", "", "user"} {
		if err := webhook.ValidTypeFilter(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestRetryPolicy(t *testing.T) {
	p := webhook.RetryPolicy{Jitter: func(d time.Duration) time.Duration { return d }}
	var total time.Duration
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute}
	for n := 1; n < 12; n++ {
		d := p.Delay(n, 0)
		if n <= len(want) && d != want[n-1] {
			t.Errorf("Delay(%d) = %s, want %s", n, d, want[n-1])
		}
		if d > 8*time.Hour {
			t.Errorf("Delay(%d) = %s, over the cap", n, d)
		}
		total += d
	}
	// The default schedule spans about a day (the README promises it).
	if total < 20*time.Hour || total > 28*time.Hour {
		t.Errorf("12 attempts span %s, want about 24 h", total)
	}
	if d := p.Delay(1, 10*time.Minute); d != 10*time.Minute {
		t.Errorf("a longer Retry-After wins: %s", d)
	}
	if d := p.Delay(3, 5*time.Second); d != 4*time.Minute {
		t.Errorf("a shorter Retry-After does not shorten the backoff: %s", d)
	}
	if d := p.Delay(1, 72*time.Hour); d != 24*time.Hour {
		t.Errorf("Retry-After is bounded: %s", d)
	}
	// Default jitter stays within ±25%.
	j := webhook.RetryPolicy{}
	for range 100 {
		if d := j.Delay(2, 0); d < 90*time.Second || d > 150*time.Second {
			t.Fatalf("jittered Delay(2) = %s", d)
		}
	}
}
