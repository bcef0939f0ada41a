package sso

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// Origin is the canonical form of an allowed origin as an admin enters it:
// scheme://host[:port], lower case, default port dropped, nothing else (no
// path, query, fragment or user info). http is accepted (OAs on intranets
// often are), and shown as such in the console.
func Origin(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", errors.New("must be an origin such as https://oa.example.com (scheme, host and an optional port)")
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", errors.New("must be an origin only: no path, query, fragment or user name (https://oa.example.com)")
	}
	return originOf(u)
}

// originOf is the origin of a URL, or an error when it has none we accept.
func originOf(u *url.URL) (string, error) {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return "", errors.New("must start with https:// or http://")
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if host == "" {
		return "", errors.New("must name a host")
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
			return "", errors.New("has an invalid port")
		}
	}
	if port == "443" && scheme == "https" || port == "80" && scheme == "http" {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host, nil
}

// allowedReturn checks return_to: an absolute http(s) URL without user
// info whose origin is exactly one of the allowed ones. A look-alike
// (https://oa.example.com.evil.test, https://oa.example.com@evil.test,
// another port or scheme) is another origin, so it is refused. It returns
// the URL as parsed.
func allowedReturn(raw string, allowed []string) (*url.URL, bool) {
	if raw == "" || len(raw) > 2048 || strings.ContainsAny(raw, "\\\r\n\t") {
		return nil, false
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Opaque != "" || !u.IsAbs() {
		return nil, false
	}
	o, err := originOf(u)
	if err != nil {
		return nil, false
	}
	for _, a := range allowed {
		if a == o {
			return u, true
		}
	}
	return nil, false
}

// withTicket appends the ticket to return_to, keeping its query.
func withTicket(u *url.URL, ticket string) string {
	c := *u
	q := c.Query()
	q.Set("ticket", ticket)
	c.RawQuery = q.Encode()
	c.Fragment = ""
	return c.String()
}
