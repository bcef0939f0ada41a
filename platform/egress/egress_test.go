package egress_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"imbridge/platform/egress"
)

// hosts is a resolver from a table; other names do not exist.
type hosts map[string][]string

func (h hosts) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	as, ok := h[strings.ToLower(strings.TrimSuffix(host, "."))]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []netip.Addr
	for _, a := range as {
		out = append(out, netip.MustParseAddr(a))
	}
	return out, nil
}

// rebinding answers public the first time and then where it likes.
type rebinding struct {
	first, then string
	n           atomic.Int64
}

func (r *rebinding) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	if r.n.Add(1) == 1 {
		return []netip.Addr{netip.MustParseAddr(r.first)}, nil
	}
	return []netip.Addr{netip.MustParseAddr(r.then)}, nil
}

var world = hosts{
	"open.feishu.cn":          {"101.37.1.1"},
	"intranet.example":        {"10.1.2.3"},
	"metadata.example":        {"169.254.169.254"},
	"mixed.example":           {"101.37.1.2", "192.168.0.7"}, // one bad address is enough
	"mapped.example":          {"::ffff:127.0.0.1"},
	"v6local.example":         {"fd00::5"},
	"feishu.corp.example":     {"10.9.9.9"},
	"api.feishu.corp.example": {"10.9.9.10"},
	"lark.example":            {"2400:3200::1"},
}

func check(t *testing.T, p *egress.Policy, raw string) error {
	t.Helper()
	_, err := p.CheckURL(context.Background(), raw)
	if err != nil {
		var ee *egress.Error
		if !errors.As(err, &ee) || ee.Reason == "" {
			t.Fatalf("%s: error %T %v is not an *egress.Error", raw, err, err)
		}
	}
	return err
}

func TestCheckURLStrict(t *testing.T) {
	p := egress.New(egress.Params{Resolver: world})
	ok := []string{
		"https://open.feishu.cn",
		"https://open.feishu.cn/",
		"https://OPEN.feishu.cn:8443/prefix",
		"https://lark.example",
		"https://101.37.1.1",
		"https://[2400:3200::1]:443",
		// Does not resolve now: accepted, checked again on every connection.
		"https://not-yet.example",
	}
	for _, u := range ok {
		if err := check(t, p, u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	refused := []struct{ url, rule string }{
		{"http://open.feishu.cn", "https"},
		{"ftp://open.feishu.cn", "https"},
		{"https://user:s3cr3t@open.feishu.cn", "user name or password"},
		{"https://user@open.feishu.cn", "user name or password"},
		{"https://@open.feishu.cn", "user name or password"},
		{"https://", "name a host"},
		{"https://127.0.0.1", "loopback"},
		{"https://127.0.0.1:6379", "loopback"},
		{"https://[::1]", "loopback"},
		{"https://[::ffff:127.0.0.1]", "loopback"},
		{"https://10.0.0.1:6379", "private"},
		{"https://169.254.169.254/latest/meta-data", "link-local"},
		{"https://[fe80::1%25eth0]", "link-local"},
		{"https://0.0.0.0", "unspecified"},
		{"https://100.64.0.1", "carrier-grade NAT"},
		{"https://224.0.0.1", "multicast"},
		{"https://[64:ff9b::a9fe:a9fe]", "link-local"},
		{"https://intranet.example", "intranet.example resolves to 10.1.2.3, a private"},
		{"https://metadata.example", "link-local"},
		{"https://mixed.example", "192.168.0.7"},
		{"https://mapped.example", "127.0.0.1, a loopback"},
		{"https://v6local.example", "unique local"},
		{"http://10.0.0.1", "https"},
		{"%%", "valid URL"},
	}
	for _, c := range refused {
		err := check(t, p, c.url)
		if err == nil || !strings.Contains(err.Error(), c.rule) {
			t.Errorf("%s: got %v, want a refusal about %q", c.url, err, c.rule)
			continue
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: the refusal repeats the password: %v", c.url, err)
		}
	}
	// A refusal names the operator setting that would allow the host.
	if err := check(t, p, "https://10.0.0.1"); !strings.Contains(err.Error(), egress.Setting) {
		t.Errorf("refusal does not name %s: %v", egress.Setting, err)
	}
}

func TestCheckURLAllowList(t *testing.T) {
	allow := egress.MustParseAllowList("feishu.corp.example, 10.20.0.0/16 127.0.0.1:8080,[::1]:9000,*.lark.corp.example")
	p := egress.New(egress.Params{Resolver: world, Allow: allow})
	ok := []string{
		"https://feishu.corp.example",      // name entry: any address
		"http://feishu.corp.example:8000",  // and plain http
		"https://10.20.3.4",                // block entry
		"http://10.20.3.4:8080",            // literal address in the block: http too
		"http://127.0.0.1:8080/sim/feishu", // address:port entry (the demo's simulator)
		"https://[::ffff:127.0.0.1]:8080",  // its mapped form
		"http://[::1]:9000",                //
		"http://open.lark.corp.example/",   // wildcard
		"https://open.feishu.cn",           // public stays fine
	}
	for _, u := range ok {
		if err := check(t, p, u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	refused := []struct{ url, rule string }{
		{"http://127.0.0.1:8081", "https"},                   // other port
		{"https://127.0.0.1:6379", "loopback"},               // other port
		{"http://[::1]:9001", "https"},                       //
		{"https://10.21.0.1", "private"},                     // outside the block
		{"https://api.feishu.corp.example", "private"},       // a name entry is not a suffix
		{"https://lark.corp.example", "https"},               // *.x does not match x itself (and it does not resolve)
		{"http://open.feishu.cn", "https"},                   // http only for listed hosts
		{"https://user:pw@feishu.corp.example", "user name"}, // userinfo never
	}
	for _, c := range refused {
		err := check(t, p, c.url)
		if c.url == "https://lark.corp.example" {
			// Not listed and not resolvable: accepted for later checks.
			if err != nil {
				t.Errorf("%s: %v", c.url, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.rule) {
			t.Errorf("%s: got %v, want a refusal about %q", c.url, err, c.rule)
		}
	}
}

func TestParseAllowList(t *testing.T) {
	for _, bad := range []string{"http://10.0.0.1", "10.0.0.0/33", "user@host", "host:0", "host:99999", "bad_host!", "[fe80::1%eth0]:80", "*"} {
		if _, err := egress.ParseAllowList(bad); err == nil || !strings.Contains(err.Error(), egress.Setting) {
			t.Errorf("%q: got %v, want an error naming the setting", bad, err)
		}
	}
	l, err := egress.ParseAllowList(" a.example , 10.0.0.0/8\n[::1]:80 ")
	if err != nil || l.String() != "a.example,10.0.0.0/8,[::1]:80" || l.Empty() {
		t.Fatalf("got %q %v", l.String(), err)
	}
	if l, _ := egress.ParseAllowList(""); !l.Empty() {
		t.Fatal("empty list not empty")
	}
}

// A policy for another kind of destination names its own setting and
// subject in refusals, so an operator is sent to the right variable.
func TestPolicyNamesItsSetting(t *testing.T) {
	const setting = "IMBRIDGE_ALLOW_PRIVATE_WEBHOOK_HOSTS"
	p := egress.New(egress.Params{Resolver: world, Setting: setting, Subject: "webhook receivers"})
	for _, u := range []string{"https://10.0.0.1", "http://oa.example", "https://intranet.example"} {
		err := check(t, p, u)
		if err == nil || !strings.Contains(err.Error(), setting) || strings.Contains(err.Error(), egress.Setting) {
			t.Errorf("%s: got %v, want a refusal naming %s only", u, err, setting)
		}
	}
	if err := check(t, p, "https://10.0.0.1"); !strings.Contains(err.Error(), "webhook receivers must be public") {
		t.Errorf("refusal does not name the subject: %v", err)
	}
	if _, err := egress.ParseAllowListFor(setting, "http://x"); err == nil || !strings.Contains(err.Error(), setting) {
		t.Errorf("ParseAllowListFor: %v", err)
	}
}
