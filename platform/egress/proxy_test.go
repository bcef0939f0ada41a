package egress_test

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"imbridge/platform/egress"
)

// fakeProxy records the CONNECT targets it is asked for and refuses them
// (403), which is all a test needs to see where a request was going.
type fakeProxy struct {
	*httptest.Server
	mu      sync.Mutex
	targets []string
}

func newProxy(t *testing.T) *fakeProxy {
	p := &fakeProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.targets = append(p.targets, r.Method+" "+r.Host)
		p.mu.Unlock()
		http.Error(w, "denied by the test proxy", http.StatusForbidden)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *fakeProxy) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.targets...)
}

func (p *fakeProxy) use(*http.Request) (*url.URL, error) { return url.Parse(p.URL) }

// Through a proxy, the destination is checked before the CONNECT: a name
// resolving to a private address, a private literal, and an internal name
// that does not resolve here never reach the proxy. A public name does;
// the proxy itself (on loopback here) is the operator's choice and is
// dialled, and its refusal is a Failure of cause "proxy".
func TestProxyChecksTheDestinationFirst(t *testing.T) {
	px := newProxy(t)
	p := egress.New(egress.Params{Proxy: px.use, Resolver: hosts{"open.feishu.cn": {"101.37.1.1"}, "intranet.example": {"10.1.2.3"}}})
	c := p.Client(0)
	refusal(t, get(c, "https://intranet.example/x"), "intranet.example resolves to 10.1.2.3")
	refusal(t, get(c, "https://10.0.0.8/x"), "private")
	refusal(t, get(c, "https://feishu.corp/x"), "not a public name")
	refusal(t, get(c, "https://oa/x"), "not a public name")
	if s := px.seen(); len(s) != 0 {
		t.Fatalf("the proxy was asked for %v", s)
	}

	err := get(c, "https://open.feishu.cn/open-apis/x")
	f, ok := egress.AsFailure(err)
	if !ok || f.Cause != egress.CauseProxy || f.Host != "open.feishu.cn" || f.Proxy != strings.TrimPrefix(px.URL, "http://") {
		t.Fatalf("got %v (%+v), want a proxy failure naming open.feishu.cn and the proxy", err, f)
	}
	// A public name the local DNS does not know goes to the proxy, which
	// resolves it.
	_ = get(c, "https://open.larksuite.com/x")
	if s := px.seen(); len(s) != 2 || s[0] != "CONNECT open.feishu.cn:443" || s[1] != "CONNECT open.larksuite.com:443" {
		t.Fatalf("proxy saw %v", s)
	}
}

// The default proxy setting is the standard environment: HTTPS_PROXY is
// used, NO_PROXY exempts a host. http.ProxyFromEnvironment reads the
// environment once per process, so this runs in a child process.
func TestProxyFromEnvironment(t *testing.T) {
	if target := os.Getenv("EGRESS_PROXY_CHILD"); target != "" {
		p := egress.New(egress.Params{Resolver: hosts{"open.feishu.cn": {"101.37.1.1"}, "direct.example.com": {"127.0.0.1"}}, Allow: egress.MustParseAllowList("127.0.0.1")})
		f, ok := egress.AsFailure(get(p.Client(0), "https://open.feishu.cn/x"))
		if !ok || f.Cause != egress.CauseProxy {
			t.Fatalf("via HTTPS_PROXY: %+v", f)
		}
		// NO_PROXY: dialled directly (to a closed port: a connect failure, no proxy named).
		f, ok = egress.AsFailure(get(p.Client(0), "https://direct.example.com:"+target+"/x"))
		if !ok || f.Cause != egress.CauseConnect || f.Proxy != "" {
			t.Fatalf("NO_PROXY host: %+v", f)
		}
		return
	}
	px := newProxy(t)
	closed := closedPort(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyFromEnvironment$", "-test.v")
	cmd.Env = append(os.Environ(), "EGRESS_PROXY_CHILD="+closed, "HTTPS_PROXY="+px.URL, "NO_PROXY=direct.example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if s := px.seen(); len(s) != 1 || s[0] != "CONNECT open.feishu.cn:443" {
		t.Fatalf("proxy saw %v\n%s", s, out)
	}
}

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	return port
}

// Network failures say which host and which step failed.
func TestNetworkFailuresNameHostAndCause(t *testing.T) {
	allow := egress.MustParseAllowList("127.0.0.1")
	res := hosts{"sim.example": {"127.0.0.1"}}
	p := egress.New(egress.Params{Allow: allow, Resolver: res})
	plain := newServer(t, func(w http.ResponseWriter, _ *http.Request) {})
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer tlsSrv.Close()
	tlsPort := tlsSrv.URL[strings.LastIndex(tlsSrv.URL, ":")+1:]
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() { // accepts and never answers
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	_, silentPort, _ := net.SplitHostPort(silent.Addr().String())

	for _, c := range []struct {
		url, host, cause string
		client           *http.Client
	}{
		{"https://nowhere.example/x", "nowhere.example", egress.CauseDNS, p.Client(0)},
		{"https://sim.example:" + closedPort(t) + "/x", "sim.example", egress.CauseConnect, p.Client(0)},
		{"https://sim.example:" + tlsPort + "/x", "sim.example", egress.CauseTLS, p.Client(0)},
		{"https://sim.example:" + plain.port + "/x", "sim.example", egress.CauseTLS, p.Client(0)},
		{"https://sim.example:" + silentPort + "/x", "sim.example", egress.CauseTimeout, p.Client(300e6)},
	} {
		err := get(c.client, c.url)
		f, ok := egress.AsFailure(err)
		if !ok || f.Host != c.host || f.Cause != c.cause {
			t.Errorf("%s: got %v (%+v), want %s failure on %s", c.url, err, f, c.cause, c.host)
			continue
		}
		if !strings.Contains(err.Error(), c.host) {
			t.Errorf("%s: message %q does not name the host", c.url, err)
		}
	}
	// A refusal by the policy is not a network failure.
	err = get(egress.Strict().Client(0), "https://127.0.0.1:1/x")
	if _, ok := egress.AsFailure(err); ok {
		t.Fatalf("a refusal reported as a network failure: %v", err)
	}
	var ee *egress.Error
	if !errors.As(err, &ee) {
		t.Fatalf("refusal: %v", err)
	}
}
