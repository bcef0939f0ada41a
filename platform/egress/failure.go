package egress

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"syscall"
)

// Causes of a Failure: which step of reaching a host went wrong.
const (
	// CauseDNS: the host name did not resolve (no DNS server reachable,
	// or the name is unknown to it).
	CauseDNS = "dns"
	// CauseConnect: no TCP connection (refused, unreachable, reset): a
	// firewall between the server and the host, most often.
	CauseConnect = "connect"
	// CauseTLS: the TLS handshake failed (an intercepting proxy's
	// certificate, a wrong port, an old TLS stack).
	CauseTLS = "tls"
	// CauseTimeout: the host did not answer in time (packets dropped by a
	// firewall look like this).
	CauseTimeout = "timeout"
	// CauseProxy: the configured HTTP(S) proxy could not be reached or
	// refused the CONNECT.
	CauseProxy = "proxy"
)

// Failure is a network failure on the way to a host: the call never got an
// answer from it. It wraps the transport's error (errors.Is/As see
// through it) and says which host and which step, so that an admin is told
// what to check (outbound access to the host, a proxy setting) instead of
// "internal error". Client returns it inside the *url.Error of a request.
type Failure struct {
	// Host is the destination's host name (without port), as in the URL.
	Host string
	// Cause is CauseDNS, CauseConnect, CauseTLS, CauseTimeout or CauseProxy.
	Cause string
	// Proxy is the proxy's host:port when the call went through one.
	Proxy string
	Err   error
}

func (f *Failure) Error() string {
	via := ""
	if f.Proxy != "" {
		via = " via proxy " + f.Proxy
	}
	return "cannot reach " + f.Host + via + " (" + f.Cause + "): " + f.Err.Error()
}

func (f *Failure) Unwrap() error { return f.Err }

// AsFailure finds the Failure in err, if the call failed on the network.
func AsFailure(err error) (*Failure, bool) {
	var f *Failure
	if errors.As(err, &f) {
		return f, true
	}
	// http.Client's own Timeout replaces the transport's error by its text
	// ("… (Client.Timeout exceeded while awaiting headers)"), losing the
	// Failure when the deadline struck mid-dial or mid-handshake: the
	// *url.Error still names the host and says it timed out.
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() && !refusedOrCanceled(err) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Hostname() != "" {
			return &Failure{Host: u.Hostname(), Cause: CauseTimeout, Err: ue.Err}, true
		}
	}
	return nil, false
}

func refusedOrCanceled(err error) bool {
	var refused *Error
	return errors.As(err, &refused) || errors.Is(err, context.Canceled)
}

// classify names the cause of a transport error, or "" when err is not a
// network failure (a refusal by the policy, a canceled request).
func classify(err error) string {
	var (
		dns   *net.DNSError
		op    *net.OpError
		rh    tls.RecordHeaderError
		cv    *tls.CertificateVerificationError
		alert tls.AlertError
		ua    x509.UnknownAuthorityError
		hn    x509.HostnameError
		ci    x509.CertificateInvalidError
		ne    net.Error
	)
	switch {
	case err == nil, refusedOrCanceled(err):
		return ""
	case errors.As(err, &op) && op.Op == "proxyconnect":
		return CauseProxy
	case errors.As(err, &dns):
		if dns.IsTimeout {
			return CauseTimeout
		}
		return CauseDNS
	case errors.As(err, &rh), errors.As(err, &cv), errors.As(err, &alert),
		errors.As(err, &ua), errors.As(err, &hn), errors.As(err, &ci):
		return CauseTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return CauseTimeout
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.As(err, &op) && op.Op == "dial":
		return CauseConnect
	}
	return ""
}
