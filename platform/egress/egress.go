// Package egress decides where the bridge's outbound platform calls may go.
// Platform base URLs are chosen by tenant admins, and every call to them
// (the token request among them, which carries the app secret) is made by
// the server, from inside the operator's network. So, unless the operator
// allows a host (AllowList, IMBRIDGE_ALLOW_PRIVATE_PLATFORM_HOSTS):
//
//   - URLs are https, without userinfo;
//   - a host may not be or resolve to a loopback, private, link-local,
//     multicast, unspecified or other special-purpose address (Classify);
//   - this is checked when a URL is entered (CheckURL, after DNS
//     resolution) and again on every connection, on the address actually
//     connected to (a net.Dialer Control function), so a name that resolves
//     elsewhere later (DNS rebinding) is refused too;
//   - redirects are not followed.
//
// Client builds the HTTP client that enforces all of it.
package egress

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Setting is the operator setting that fills the AllowList of platform
// calls; refusals name it so that an operator knows where to allow an
// on-premises host. Other kinds of outbound call (the OA's webhook
// receivers) have their own setting: Params.Setting.
const Setting = "IMBRIDGE_ALLOW_PRIVATE_PLATFORM_HOSTS"

// Error is a refused destination. Reason says which rule, in words an
// admin can act on ("must use https", "10.0.0.1 is a private (RFC 1918)
// address…"); it never quotes what the remote host answered.
type Error struct{ Reason string }

func (e *Error) Error() string { return "outbound request refused: " + e.Reason }

func refuse(format string, args ...any) *Error { return &Error{Reason: fmt.Sprintf(format, args...)} }

// Resolver looks up a host's addresses; *net.Resolver is one. Tests inject
// their own to make names resolve where they need.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Params configure a Policy.
type Params struct {
	// Allow is the operator's list of private hosts (empty: none).
	Allow AllowList
	// Resolver; nil means net.DefaultResolver.
	Resolver Resolver
	// DialTimeout bounds one TCP connect, default 10 s.
	DialTimeout time.Duration
	// LookupTimeout bounds the DNS lookup of CheckURL, default 5 s.
	LookupTimeout time.Duration
	// Setting names the operator setting that fills Allow, in refusals;
	// default Setting (platform calls).
	Setting string
	// Subject names what the policy's hosts are, in refusals ("platform
	// hosts must be public…"); default "platform hosts".
	Subject string
	// Proxy chooses the proxy of a request (nil URL: none); nil means
	// http.ProxyFromEnvironment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).
	Proxy func(*http.Request) (*url.URL, error)
}

// Policy is a set of rules for outbound calls. It is safe for concurrent use
// and holds one connection pool (Client); build one per process.
type Policy struct {
	p    Params
	pool *pool
}

// New returns a Policy.
func New(p Params) *Policy {
	if p.Resolver == nil {
		p.Resolver = net.DefaultResolver
	}
	if p.DialTimeout <= 0 {
		p.DialTimeout = 10 * time.Second
	}
	if p.LookupTimeout <= 0 {
		p.LookupTimeout = 5 * time.Second
	}
	if p.Setting == "" {
		p.Setting = Setting
	}
	if p.Subject == "" {
		p.Subject = "platform hosts"
	}
	if p.Proxy == nil {
		p.Proxy = http.ProxyFromEnvironment
	}
	pol := &Policy{p: p}
	pol.pool = newPool(pol)
	return pol
}

var strict = New(Params{})

// Strict is the policy without exceptions: public https hosts only.
func Strict() *Policy { return strict }

// Allowed is the operator's allow list.
func (p *Policy) Allowed() AllowList { return p.p.Allow }

// target is a URL's destination once its syntax is checked.
type target struct {
	host, port  string
	literal     netip.Addr // valid when the host is an IP address
	nameAllowed bool       // the operator allows the host name
}

// checkSyntax applies the rules that need no lookup: scheme, userinfo, and
// plain http only for hosts the operator allows by name or as a literal
// address. Every request is checked this way, stored URLs included.
func (p *Policy) checkSyntax(u *url.URL) (target, error) {
	var t target
	if u.User != nil {
		return t, refuse("the URL must not contain a user name or password")
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return t, refuse("the URL must start with https://")
	}
	t.host = u.Hostname()
	if t.host == "" {
		return t, refuse("the URL must name a host")
	}
	t.port = u.Port()
	if t.port == "" {
		t.port = map[string]string{"https": "443", "http": "80"}[scheme]
	}
	if a, err := netip.ParseAddr(t.host); err == nil {
		t.literal = a
	} else {
		t.nameAllowed = p.p.Allow.allowsName(t.host, t.port)
	}
	if scheme == "http" && !t.nameAllowed && !(t.literal.IsValid() && p.p.Allow.allowsAddr(t.literal, t.port)) {
		return t, refuse("the URL must use https (plain http only to hosts the operator lists in %s)", p.p.Setting)
	}
	return t, nil
}

// checkAddr refuses an address that is not public, unless allowed. what
// names the host for the message ("" when it is the address itself).
func (p *Policy) checkAddr(a netip.Addr, port, what string) error {
	class := Classify(a)
	if class == "" || p.p.Allow.allowsAddr(a, port) {
		return nil
	}
	addr := a.WithZone("").Unmap().String()
	if what != "" {
		return refuse("%s resolves to %s, a %s address: %s must be public unless the operator lists them in %s", what, addr, class, p.p.Subject, p.p.Setting)
	}
	return refuse("%s is a %s address: %s must be public unless the operator lists them in %s", addr, class, p.p.Subject, p.p.Setting)
}

// CheckURL validates a platform base URL as an admin enters it: the syntax
// rules, then every address the host resolves to. A name that does not
// resolve now is accepted (an installation may be configured before its
// network is opened): connections are checked again when they are made.
// Errors are *Error.
func (p *Policy) CheckURL(ctx context.Context, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, refuse("not a valid URL")
	}
	t, err := p.checkSyntax(u)
	if err != nil {
		return nil, err
	}
	if t.nameAllowed {
		return u, nil
	}
	if t.literal.IsValid() {
		if err := p.checkAddr(t.literal, t.port, ""); err != nil {
			return nil, err
		}
		return u, nil
	}
	ctx, cancel := context.WithTimeout(ctx, p.p.LookupTimeout)
	defer cancel()
	addrs, err := p.p.Resolver.LookupNetIP(ctx, "ip", t.host)
	if err != nil {
		return u, nil
	}
	for _, a := range addrs {
		if err := p.checkAddr(a, t.port, t.host); err != nil {
			return nil, err
		}
	}
	return u, nil
}
