package egress

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// AllowList is the operator's exceptions to the public-https rule: hosts
// that platform calls may reach although they are private, and over plain
// http. It is parsed from IMBRIDGE_ALLOW_PRIVATE_PLATFORM_HOSTS, entries
// separated by commas or spaces, each one of
//
//	feishu.corp.example        a host name, any port
//	feishu.corp.example:8443   a host name on one port
//	*.corp.example             every name under corp.example (not itself)
//	10.20.0.5                  one address, any port
//	127.0.0.1:8080, [::1]:8080 one address on one port
//	10.20.0.0/16, fd00::/8     a block of addresses, any port
//
// A name entry trusts the name: it may resolve to any address. An address
// or block entry allows those addresses whatever name resolves to them, but
// plain http only for URLs that name such an address literally: a name
// could later resolve elsewhere, and an app secret must not travel in clear
// to wherever that is.
type AllowList struct {
	names []nameRule
	nets  []netRule
}

type nameRule struct {
	name     string // lower case, without a trailing dot
	wildcard bool   // name is a suffix: "*.corp.example" → ".corp.example"
	port     string // "" = any port
	text     string
}

type netRule struct {
	prefix netip.Prefix
	port   string
	text   string
}

// ParseAllowList reads a list as IMBRIDGE_ALLOW_PRIVATE_PLATFORM_HOSTS
// holds it; an empty string is the empty list. The error names the entry.
func ParseAllowList(s string) (AllowList, error) { return ParseAllowListFor(Setting, s) }

// ParseAllowListFor reads a list held by the named operator setting (the
// same syntax for every setting); the error names the setting and the entry.
func ParseAllowListFor(setting, s string) (AllowList, error) {
	var l AllowList
	for _, e := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if err := l.add(e); err != nil {
			return AllowList{}, fmt.Errorf("%s: entry %q: %w", setting, e, err)
		}
	}
	return l, nil
}

// MustParseAllowList is ParseAllowList for constants (tests, defaults).
func MustParseAllowList(s string) AllowList {
	l, err := ParseAllowList(s)
	if err != nil {
		panic(err)
	}
	return l
}

func (l *AllowList) add(e string) error {
	if strings.Contains(e, "://") || strings.ContainsAny(e, "@?#") {
		return fmt.Errorf("give a host, host:port, address or CIDR block, not a URL")
	}
	if strings.Contains(e, "/") {
		p, err := netip.ParsePrefix(e)
		if err != nil {
			return fmt.Errorf("not a CIDR block: %w", err)
		}
		l.nets = append(l.nets, netRule{prefix: p.Masked(), text: e})
		return nil
	}
	if a, err := netip.ParseAddr(e); err == nil { // a bare IPv6 address has colons but no port
		l.nets = append(l.nets, netRule{prefix: netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), text: e})
		return nil
	}
	host, port := e, ""
	if h, p, err := net.SplitHostPort(e); err == nil {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("port %q is not a number from 1 to 65535", p)
		}
		host, port = h, p
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if a.Zone() != "" {
			return fmt.Errorf("an address with a zone cannot be allowed")
		}
		l.nets = append(l.nets, netRule{prefix: netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), port: port, text: e})
		return nil
	}
	name := normalName(host)
	wildcard := strings.HasPrefix(name, "*.")
	if wildcard {
		name = name[1:]
	}
	if !validName(strings.TrimPrefix(name, ".")) {
		return fmt.Errorf("not a host name")
	}
	l.names = append(l.names, nameRule{name: name, wildcard: wildcard, port: port, text: e})
	return nil
}

// normalName lower-cases a host name and drops a trailing dot.
func normalName(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// validName: dot-separated labels of letters, digits, '-' and '_'.
func validName(n string) bool {
	if n == "" || len(n) > 253 {
		return false
	}
	for _, label := range strings.Split(n, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// Empty says whether the list allows nothing.
func (l AllowList) Empty() bool { return len(l.names) == 0 && len(l.nets) == 0 }

// String lists the entries as given, comma-separated.
func (l AllowList) String() string {
	var s []string
	for _, r := range l.names {
		s = append(s, r.text)
	}
	for _, r := range l.nets {
		s = append(s, r.text)
	}
	return strings.Join(s, ",")
}

// allowsName says whether host (a name, not an address) on port is listed.
func (l AllowList) allowsName(host, port string) bool {
	host = normalName(host)
	for _, r := range l.names {
		if r.port != "" && r.port != port {
			continue
		}
		if r.wildcard && strings.HasSuffix(host, r.name) || !r.wildcard && host == r.name {
			return true
		}
	}
	return false
}

// allowsAddr says whether an address on port is listed.
func (l AllowList) allowsAddr(a netip.Addr, port string) bool {
	a = a.WithZone("").Unmap()
	for _, r := range l.nets {
		if (r.port == "" || r.port == port) && r.prefix.Contains(a) {
			return true
		}
	}
	return false
}
