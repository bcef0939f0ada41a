package egress_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"imbridge/platform/egress"
)

// server is a local HTTP server that counts the connections it accepts and
// the requests to each path.
type server struct {
	*httptest.Server
	conns atomic.Int64
	hits  map[string]*atomic.Int64
	port  string
}

func newServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) *server {
	s := &server{hits: map[string]*atomic.Int64{"/start": {}, "/target": {}, "/ok": {}}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := s.hits[r.URL.Path]; ok {
			c.Add(1)
		}
		h(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	u, _ := url.Parse(s.URL)
	s.port = u.Port()
	return s
}

func refusal(t *testing.T, err error, rule string) {
	t.Helper()
	var ee *egress.Error
	if !errors.As(err, &ee) || !strings.Contains(ee.Reason, rule) {
		t.Fatalf("got %T %v, want an *egress.Error about %q", err, err, rule)
	}
}

func get(c *http.Client, u string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := c.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

// The name passed validation with a public address; when the call is made
// it resolves to loopback. The dialer's Control refuses the connection
// before it is made: the server sees none.
func TestDNSRebindingIsRefusedAtConnect(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {})
	p := egress.New(egress.Params{Resolver: &rebinding{first: "101.37.1.1", then: "127.0.0.1"}})
	u := "https://rebind.example:" + srv.port + "/ok"
	if _, err := p.CheckURL(context.Background(), u); err != nil {
		t.Fatalf("validation: %v", err)
	}
	refusal(t, get(p.Client(0), u), "127.0.0.1 is a loopback address")
	if n := srv.conns.Load(); n != 0 {
		t.Fatalf("the server accepted %d connections", n)
	}
}

// A URL naming a private address literally, stored before the rules or
// under an allow list since changed, is refused when dialled.
func TestLiteralPrivateAddressIsRefusedAtConnect(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {})
	c := egress.Strict().Client(0)
	refusal(t, get(c, "https://127.0.0.1:"+srv.port+"/ok"), "loopback")
	refusal(t, get(c, "https://[::ffff:127.0.0.1]:"+srv.port+"/ok"), "loopback")
	// A name that resolves to it, through the system resolver.
	refusal(t, get(c, "https://localhost:"+srv.port+"/ok"), "loopback")
	if n := srv.conns.Load(); n != 0 {
		t.Fatalf("the server accepted %d connections", n)
	}
}

// Scheme and userinfo are checked on every request, not only on entry.
func TestRequestRulesWithoutValidation(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {})
	c := egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")}).Client(0)
	refusal(t, get(c, "https://user:pw@127.0.0.1:"+srv.port+"/ok"), "user name or password")
	// http to a public host: refused before any lookup or dial.
	refusal(t, get(egress.Strict().Client(0), "http://101.37.1.1/"), "https")
	if n := srv.conns.Load(); n != 0 {
		t.Fatalf("the server accepted %d connections", n)
	}
	// The listed address is reached, over http.
	if err := get(c, "http://127.0.0.1:"+srv.port+"/ok"); err != nil || srv.hits["/ok"].Load() != 1 {
		t.Fatalf("allowed address: %v, %d hits", err, srv.hits["/ok"].Load())
	}
}

// A name that is not listed but resolves to a listed address connects over
// https (the server sees the connection; its test certificate is not
// trusted, which is beside the point); plain http to it needs the name or
// the literal address listed.
func TestResolvedAllowedAddressConnects(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {})
	p := egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1"), Resolver: hosts{"sim.example": {"127.0.0.1"}}})
	err := get(p.Client(0), "https://sim.example:"+srv.port+"/ok")
	var ee *egress.Error
	if errors.As(err, &ee) || srv.conns.Load() != 1 {
		t.Fatalf("got %v after %d connections, want a connection", err, srv.conns.Load())
	}
	refusal(t, get(p.Client(0), "http://sim.example:"+srv.port+"/ok"), "https")
	// A name the operator lists is dialled as named, over http too.
	p = egress.New(egress.Params{Allow: egress.MustParseAllowList("localhost:" + srv.port)})
	if err := get(p.Client(0), "http://localhost:"+srv.port+"/ok"); err != nil || srv.hits["/ok"].Load() != 1 {
		t.Fatalf("a name the operator lists: %v", err)
	}
}

// Redirects are not followed, to another path or another host.
func TestRedirectIsNotFollowed(t *testing.T) {
	other := newServer(t, func(w http.ResponseWriter, _ *http.Request) {})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/start":
			http.Redirect(w, r, "/target", http.StatusFound)
		case "/away":
			http.Redirect(w, r, other.URL+"/target", http.StatusTemporaryRedirect)
		}
	})
	c := egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")}).Client(0)
	refusal(t, get(c, srv.URL+"/start"), "HTTP 302, a redirect")
	refusal(t, get(c, srv.URL+"/away"), "HTTP 307, a redirect")
	if srv.hits["/start"].Load() != 1 || srv.hits["/target"].Load() != 0 || other.conns.Load() != 0 {
		t.Fatalf("start %d, target %d, other host %d connections",
			srv.hits["/start"].Load(), srv.hits["/target"].Load(), other.conns.Load())
	}
}
