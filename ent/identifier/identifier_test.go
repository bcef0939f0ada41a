package identifier_test

import (
	"errors"
	"strings"
	"testing"

	"imbridge/ent/identifier"
)

func TestMobileValid(t *testing.T) {
	for _, c := range []struct{ in, region, want string }{
		// CN: mainland numbers with or without +86, formatted or not.
		{"13900000004", "", "+8613900000004"},
		{"+8613900000004", "", "+8613900000004"},
		{"+86 139-0000-0004", "", "+8613900000004"},
		{"(+86) 139 0000 0004", "", "+8613900000004"},
		{"008613900000004", "", "+8613900000004"},
		{"１３９０００００００４", "", "+8613900000004"}, // full-width digits, as Chinese forms produce them
		{"＋8613900000004", "", "+8613900000004"},
		{"19200000000", "CN", "+8619200000000"},
		// HK: 8 digits; with the region, without +852.
		{"+852 9123 4567", "", "+85291234567"},
		{"91234567", "HK", "+85291234567"},
		{"5123 4567", "hk", "+85251234567"},
		// US: fixed lines and mobiles are not told apart.
		{"+1 (202) 555-0123", "", "+12025550123"},
		{"212-555-1234", "US", "+12125551234"},
		// SG.
		{"+65 8123 4567", "", "+6581234567"},
		{"91234567", "SG", "+6591234567"},
		{"", "", ""},
		{"  ", "", ""},
	} {
		got, err := identifier.Mobile(c.in, c.region)
		if err != nil || got != c.want {
			t.Errorf("Mobile(%q, %q) = %q, %v; want %q", c.in, c.region, got, err, c.want)
		}
	}
}

func TestMobileInvalid(t *testing.T) {
	for _, c := range []struct{ in, region, want string }{
		// The reproductions: each passed the old pattern.
		{"+86138001380", "", `mobile "+86138001380" is not a valid number for CN`},
		{"+86013800138000", "", `mobile "+86013800138000" has a trunk prefix after the country code: write +8613800138000`},
		{"+8612345", "", `mobile "+8612345" is not a valid number for CN`},
		// Per country.
		{"12800000000", "", `mobile "12800000000" is not a valid number for CN (a number without + and a country code is read as one of CN)`},
		{"139000000041", "", `is not a valid number for CN`},
		{"+862112345678", "", `mobile "+862112345678" is a fixed-line number in CN, not a mobile number`},
		{"91234567", "", `is not a valid number for CN (a number without + and a country code is read as one of CN)`},
		{"+8529123456", "", `is not a valid number for HK`},
		{"+85221234567", "", `is a fixed-line number in HK, not a mobile number`},
		{"+1 555 123 4567", "", `is not a valid number for US`},
		{"+1 800 253 0000", "", `is a toll-free number in US, not a mobile number`},
		{"+6561234567", "", `is a fixed-line number in SG, not a mobile number`},
		{"+659123456", "", `is not a valid number for SG`},
		{"61234567", "SG", `is a fixed-line number in SG, not a mobile number`},
		// Shape.
		{"+0123456789", "", `does not start with a valid country code after +`},
		{"13900000004 ext 5", "", `contains 'e'`},
		{"tel:+8613900000004", "", `contains 't'`},
		{"139+00000004", "", `contains '+'`},
		{"123", "", `is not a valid number for CN`},
		{"13900000004", "XX", `region "XX" is not a region code of phone numbers`},
	} {
		got, err := identifier.Mobile(c.in, c.region)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Mobile(%q, %q) = %q, %v; want an error with %q", c.in, c.region, got, err, c.want)
		}
	}
	var ie *identifier.InvalidError
	if _, err := identifier.Mobile("+8612345", ""); !errors.As(err, &ie) || ie.Kind != "mobile" || ie.Value != "+8612345" {
		t.Errorf("error %v is not an *InvalidError naming the value", err)
	}
}

func TestNormalizeMobile(t *testing.T) {
	for in, want := range map[string]string{
		"13900000004":        "+8613900000004",
		"+8613900000004":     "+8613900000004",
		" +86 139 0000 0004": "+8613900000004",
		"+862112345678":      "+862112345678", // a valid number, whatever its type
		"+86138001380":       "+86138001380",  // kept as it is: not a number
		" +86013800138000 ":  "+86013800138000",
		"not a number":       "not a number",
		"":                   "",
	} {
		if got := identifier.NormalizeMobile(in); got != want {
			t.Errorf("NormalizeMobile(%q) = %q, want %q", in, got, want)
		}
	}
	// The pair: one number, so one key.
	if identifier.NormalizeMobile("13900000004") != identifier.NormalizeMobile("+8613900000004") {
		t.Error("13900000004 and +8613900000004 compare as two numbers")
	}
}

func TestRegion(t *testing.T) {
	for in, want := range map[string]string{"": "CN", "hk": "HK", " SG ": "SG", "US": "US"} {
		if got, err := identifier.Region(in); err != nil || got != want {
			t.Errorf("Region(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"XX", "CHN", "86", "zz"} {
		if _, err := identifier.Region(in); err == nil {
			t.Errorf("Region(%q) accepted", in)
		}
	}
}

func TestEmail(t *testing.T) {
	for in, want := range map[string]string{
		"zhang.san@corp.com":    "zhang.san@corp.com",
		" Zhang.San@Corp.COM\t": "Zhang.San@corp.com",
		"ZHANG.SAN@CORP.COM":    "ZHANG.SAN@corp.com",
		"li+oa@mail.example.cn": "li+oa@mail.example.cn",
		"张三@例子.中国":              "张三@例子.中国",
		"":                      "",
	} {
		if got, err := identifier.Email(in); err != nil || got != want {
			t.Errorf("Email(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"not-an-email", "a@b", "a b@c.cn", "a@@b.cn", "张三 <zs@corp.com>", "<zs@corp.com>",
		"zs@[10.0.0.1]", "zs@corp.com.", "a..b@corp.com", "@corp.com", "zs@"} {
		if got, err := identifier.Email(in); err == nil {
			t.Errorf("Email(%q) = %q, want an error", in, got)
		} else if !strings.HasPrefix(err.Error(), "email ") {
			t.Errorf("Email(%q): error %q does not name the field", in, err)
		}
	}
}

func TestEmailKey(t *testing.T) {
	// Case variants of one mailbox are one key; different mailboxes are not.
	variants := []string{"zhang.san@corp.com", "Zhang.San@Corp.com", " ZHANG.SAN@CORP.COM ", "zhang.san@CORP.com"}
	for _, v := range variants {
		if k := identifier.EmailKey(v); k != "zhang.san@corp.com" {
			t.Errorf("EmailKey(%q) = %q", v, k)
		}
	}
	if identifier.EmailKey("zhang.san@corp.com") == identifier.EmailKey("zhangsan@corp.com") {
		t.Error("different local parts compare equal")
	}
	if got := identifier.NormalizeEmail(" Not An Email "); got != "Not An Email" {
		t.Errorf("NormalizeEmail kept %q", got)
	}
}
