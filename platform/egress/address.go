package egress

import "net/netip"

// special lists the special-purpose blocks that net/netip has no predicate
// for (IANA's IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890).
// None of them is where a platform's public API lives.
var special = []struct {
	prefix netip.Prefix
	class  string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "this-network (RFC 791)"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared carrier-grade NAT (RFC 6598)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment (RFC 6890)"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation (RFC 5737)"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation (RFC 5737)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation (RFC 5737)"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay anycast (RFC 7526)"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking (RFC 2544)"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved or broadcast (RFC 1112, RFC 919)"},
	{netip.MustParsePrefix("::/96"), "IPv4-compatible (deprecated, RFC 4291)"},
	{netip.MustParsePrefix("::ffff:0:0:0/96"), "IPv4-translated (RFC 2765)"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local-use NAT64 (RFC 8215)"},
	{netip.MustParsePrefix("100::/64"), "discard-only (RFC 6666)"},
	{netip.MustParsePrefix("2001::/23"), "IETF protocol assignment (RFC 2928: Teredo, benchmarking, ORCHID)"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation (RFC 3849)"},
	{netip.MustParsePrefix("3fff::/20"), "documentation (RFC 9637)"},
}

var (
	// nat64 is the well-known NAT64 prefix (RFC 6052): the last 32 bits are
	// the IPv4 address a NAT64 gateway connects to.
	nat64 = netip.MustParsePrefix("64:ff9b::/96")
	// sixToFour embeds an IPv4 address in bits 16–47 (RFC 3056).
	sixToFour = netip.MustParsePrefix("2002::/16")
	// globalUnicast is where every public IPv6 address is allocated.
	globalUnicast = netip.MustParsePrefix("2000::/3")
)

// Classify says why an address is not a public unicast address: its class
// ("loopback", "private (RFC 1918)", "link-local"…), or "" for a public one.
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are classified as the IPv4
// address they carry, and so are NAT64 (64:ff9b::/96) and 6to4 (2002::/16)
// addresses, which reach that IPv4 address through a gateway. A zone
// (fe80::1%eth0) is ignored: the address alone decides.
func Classify(a netip.Addr) string {
	a = a.WithZone("").Unmap()
	if !a.IsValid() {
		return "invalid"
	}
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64.Contains(a):
			if c := Classify(netip.AddrFrom4([4]byte(b[12:16]))); c != "" {
				return c + " (behind the NAT64 prefix)"
			}
			return ""
		case sixToFour.Contains(a):
			if c := Classify(netip.AddrFrom4([4]byte(b[2:6]))); c != "" {
				return c + " (inside a 6to4 address)"
			}
			return ""
		}
	}
	switch {
	case a.IsUnspecified():
		return "unspecified"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate() && a.Is4():
		return "private (RFC 1918)"
	case a.IsPrivate():
		return "unique local (RFC 4193)"
	case a.IsLinkLocalUnicast():
		return "link-local"
	case a.IsMulticast():
		return "multicast"
	}
	for _, s := range special {
		if s.prefix.Contains(a) {
			return s.class
		}
	}
	if a.Is6() && !globalUnicast.Contains(a) {
		return "reserved IPv6 (outside 2000::/3)"
	}
	return ""
}
