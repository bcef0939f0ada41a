package egress

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// proxy is the transport's Proxy function. When the operator's proxy
// setting names a proxy for the request, the proxy (not our dialer) makes
// the connection to the destination, so the address rules are applied
// here, before the CONNECT: the destination's name is resolved and every
// address checked, as CheckURL does. A name that does not resolve here
// (an intranet whose DNS knows only internal names, the proxy resolving
// the rest) is let through only when it looks like a public name: it has
// a dot and no special-use or customary internal suffix (publicName).
func (pl *pool) proxy(req *http.Request) (*url.URL, error) {
	pu, err := pl.p.p.Proxy(req)
	if err != nil || pu == nil {
		return nil, err
	}
	if err := pl.p.checkDestination(req.Context(), req.URL); err != nil {
		return nil, err
	}
	pl.proxies.Store(proxyAddr(pu), true)
	return pu, nil
}

// checkDestination applies every rule to a URL without connecting.
func (p *Policy) checkDestination(ctx context.Context, u *url.URL) error {
	t, err := p.checkSyntax(u)
	if err != nil || t.nameAllowed {
		return err
	}
	if t.literal.IsValid() {
		return p.checkAddr(t.literal, t.port, "")
	}
	ctx, cancel := context.WithTimeout(ctx, p.p.LookupTimeout)
	defer cancel()
	addrs, err := p.p.Resolver.LookupNetIP(ctx, "ip", t.host)
	if err != nil || len(addrs) == 0 {
		if !publicName(t.host) {
			return refuse("%s does not resolve here and is not a public name: a proxy would reach it on the operator's network; list it in %s if it is meant", t.host, p.p.Setting)
		}
		return nil
	}
	for _, a := range addrs {
		if err := p.checkAddr(a, t.port, t.host); err != nil {
			return err
		}
	}
	return nil
}

// internalSuffixes are special-use names (RFC 6761, RFC 6762, RFC 8375)
// and the suffixes intranets customarily use.
var internalSuffixes = []string{
	".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".corp",
	".home", ".private", ".test", ".invalid", ".localdomain",
}

// publicName says whether a host name looks like a name of the public DNS.
func publicName(host string) bool {
	h := "." + strings.TrimSuffix(strings.ToLower(host), ".")
	if !strings.Contains(h[1:], ".") {
		return false // a single label: resolved by search domains, internal
	}
	for _, s := range internalSuffixes {
		if strings.HasSuffix(h, s) {
			return false
		}
	}
	return true
}

// proxyAddr is the host:port the transport dials for a proxy URL.
func proxyAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "socks5": "1080"}[u.Scheme]
		if port == "" {
			port = "80"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}
