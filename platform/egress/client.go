package egress

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Client returns an HTTP client for platform calls under the policy:
// every request's URL passes the syntax rules, every connection the address
// rules (checked on the address actually connected to), and redirects are
// refused, not followed. timeout bounds a whole request (0: none). Clients
// share the policy's connection pool.
//
// A proxy named by the standard environment (HTTPS_PROXY, HTTP_PROXY,
// NO_PROXY; Params.Proxy) is used: on an intranet server it is often the
// only way out. The proxy makes the connection then, so the destination is
// checked before the CONNECT (proxy.go); the proxy itself is the
// operator's choice and is dialled as it is.
//
// A refusal is an *Error inside the *url.Error the client returns; a
// network failure (DNS, connect, TLS, timeout, proxy) is a *Failure there.
func (p *Policy) Client(timeout time.Duration) *http.Client {
	return &http.Client{
		Transport:     guard{p: p, next: p.pool.transport},
		Timeout:       timeout,
		CheckRedirect: p.refuseRedirect,
	}
}

// refuseRedirect stops at the first redirect: a platform API never
// redirects, and following one would send the request (and its headers) to
// a host nobody checked.
func (p *Policy) refuseRedirect(req *http.Request, _ []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	return refuse("the server answered HTTP %d, a redirect; calls to %s do not follow redirects (check the URL)", status, p.p.Subject)
}

// guard checks each request's URL before it is sent.
type guard struct {
	p    *Policy
	next http.RoundTripper
}

func (g guard) RoundTrip(req *http.Request) (*http.Response, error) {
	if _, err := g.p.checkSyntax(req.URL); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := g.next.RoundTrip(req)
	if err == nil {
		return resp, nil
	}
	cause := classify(err)
	proxy := ""
	if pu, _ := g.p.p.Proxy(req); pu != nil {
		proxy = pu.Host
		// The proxy's refusal of the CONNECT comes as a bare error
		// carrying its status line ("Forbidden").
		if cause == "" && !refusedOrCanceled(err) {
			cause = CauseProxy
		}
	}
	if cause == "" {
		return nil, err
	}
	return nil, &Failure{Host: req.URL.Hostname(), Cause: cause, Proxy: proxy, Err: err}
}

// pool is the policy's connection pool: one transport whose dialer applies
// the address rules.
type pool struct {
	p         *Policy
	transport *http.Transport
	// proxies holds the host:port of every proxy the transport was told
	// to use: dial connects to those as they are.
	proxies sync.Map
}

func newPool(p *Policy) *pool {
	pl := &pool{p: p}
	pl.transport = &http.Transport{
		Proxy:                 pl.proxy,
		DialContext:           pl.dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return pl
}

// dial connects to addr (host:port as in the URL). A host the operator
// allows by name is dialled as is. Any other host is resolved and each of
// its addresses tried in turn, through a dialer whose Control function
// refuses an address that is not public and not allowed: the check applies
// to the address the socket connects to, whatever a lookup said earlier.
func (pl *pool) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	d := net.Dialer{Timeout: pl.p.p.DialTimeout, KeepAlive: 30 * time.Second}
	if _, ok := pl.proxies.Load(addr); ok {
		return d.DialContext(ctx, network, addr)
	}
	if _, err := netip.ParseAddr(host); err != nil && pl.p.p.Allow.allowsName(host, port) {
		return d.DialContext(ctx, network, addr)
	}
	addrs := []netip.Addr{}
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = append(addrs, a)
	} else if addrs, err = pl.p.p.Resolver.LookupNetIP(ctx, "ip", host); err != nil {
		return nil, err
	} else if len(addrs) == 0 {
		return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	d.Control = pl.p.control
	var first error
	for _, a := range addrs {
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(a.WithZone("").Unmap().String(), port))
		if err == nil {
			return conn, nil
		}
		// A refusal is returned as itself, not inside the dialer's
		// *net.OpError: callers (the Feishu SDK among them) treat a dial
		// error as transient and retry it.
		var refused *Error
		if errors.As(err, &refused) {
			err = refused
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, first
}

// control is the dialer's last word: it runs after the socket is created,
// before it connects, with the numeric address being connected to.
func (p *Policy) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return refuse("cannot check the address %q", address)
	}
	return p.checkAddr(ap.Addr(), strconv.Itoa(int(ap.Port())), "")
}
