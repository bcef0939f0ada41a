package egress_test

import (
	"net/netip"
	"strings"
	"testing"

	"imbridge/platform/egress"
)

// Every class of address that is not a public unicast one, and the forms
// that smuggle one inside another (IPv4-mapped, NAT64, 6to4).
func TestClassify(t *testing.T) {
	cases := []struct {
		addr, class string // class: a word the class must contain; "" = public
	}{
		{"127.0.0.1", "loopback"},
		{"127.255.0.9", "loopback"},
		{"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"},
		{"10.0.0.1", "private"},
		{"172.16.5.4", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"::ffff:10.0.0.1", "private"},
		{"::ffff:192.168.0.1", "private"},
		{"fc00::1", "unique local"},
		{"fd12:3456::1", "unique local"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.254", "carrier-grade NAT"},
		{"169.254.169.254", "link-local"},
		{"::ffff:169.254.169.254", "link-local"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"ff02::1", "multicast"},
		{"ff0e::1", "multicast"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"0.1.2.3", "this-network"},
		{"192.0.0.8", "IETF"},
		{"192.0.2.1", "documentation"},
		{"198.51.100.7", "documentation"},
		{"203.0.113.9", "documentation"},
		{"2001:db8::1", "documentation"},
		{"3fff::1", "documentation"},
		{"198.18.0.1", "benchmarking"},
		{"192.88.99.1", "6to4 relay"},
		{"240.0.0.1", "reserved"},
		{"255.255.255.255", "reserved"},
		{"::127.0.0.1", "IPv4-compatible"},
		{"::ffff:0:a00:1", "IPv4-translated"},
		{"64:ff9b::7f00:1", "loopback"},      // NAT64 of 127.0.0.1
		{"64:ff9b::a9fe:a9fe", "link-local"}, // NAT64 of 169.254.169.254
		{"64:ff9b:1::1", "NAT64"},
		{"2002:7f00:1::1", "loopback"},  // 6to4 of 127.0.0.1
		{"2002:c0a8:101::1", "private"}, // 6to4 of 192.168.1.1
		{"2001::1", "Teredo"},
		{"100::1", "discard"},
		{"fec0::1", "outside 2000::/3"},
		{"5f00::1", "outside 2000::/3"},
		// Public addresses.
		{"1.1.1.1", ""},
		{"8.8.8.8", ""},
		{"101.37.1.1", ""},
		{"100.63.255.255", ""},   // just below CGNAT
		{"100.128.0.0", ""},      // just above
		{"172.32.0.1", ""},       // just above 172.16/12
		{"::ffff:8.8.8.8", ""},   // mapped public
		{"64:ff9b::808:808", ""}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", ""},  // 6to4 of 8.8.8.8
		{"2606:4700:4700::1111", ""},
		{"2400:3200::1", ""},
	}
	for _, c := range cases {
		got := egress.Classify(netip.MustParseAddr(c.addr))
		if c.class == "" && got != "" || c.class != "" && !strings.Contains(got, c.class) {
			t.Errorf("Classify(%s) = %q, want %q", c.addr, got, c.class)
		}
	}
}
