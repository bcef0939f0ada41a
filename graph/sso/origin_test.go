package sso

import "testing"

func TestOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://oa.example.com":      "https://oa.example.com",
		"HTTPS://OA.Example.com:443/": "https://oa.example.com",
		"http://intranet-oa:80":       "http://intranet-oa",
		"http://10.0.0.5:8080":        "http://10.0.0.5:8080",
		" https://oa.example.com ":    "https://oa.example.com",
		"https://[2001:db8::1]:8443":  "https://[2001:db8::1]:8443",
	} {
		if got, err := Origin(in); err != nil || got != want {
			t.Errorf("Origin(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"", "oa.example.com", "https://oa.example.com/login", "https://oa.example.com?x=1", "https://oa.example.com#f",
		"https://user@oa.example.com", "ftp://oa.example.com", "https://oa.example.com:99999", "javascript:alert(1)",
	} {
		if got, err := Origin(in); err == nil {
			t.Errorf("Origin(%q) = %q, want an error", in, got)
		}
	}
}

func TestAllowedReturn(t *testing.T) {
	allowed := []string{"https://oa.example.com", "http://intranet-oa:8080"}
	for in, ok := range map[string]bool{
		"https://oa.example.com/sso/done?x=1":       true,
		"https://OA.example.com:443/x":              true,
		"http://intranet-oa:8080/":                  true,
		"https://oa.example.com.evil.test/":         false,
		"https://evil.test/?https://oa.example.com": false,
		"https://oa.example.com@evil.test/":         false,
		"https://oa.example.com:8443/":              false,
		"http://oa.example.com/":                    false,
		"http://intranet-oa/":                       false,
		"//oa.example.com/x":                        false,
		"/relative":                                 false,
		"https://oa.example.com\\@evil.test":        false,
		"https://oa.example.com/\r\nx":              false,
		"":                                          false,
	} {
		if _, got := allowedReturn(in, allowed); got != ok {
			t.Errorf("allowedReturn(%q) = %v, want %v", in, got, ok)
		}
	}
}

func TestWithTicketKeepsTheQuery(t *testing.T) {
	u, _ := allowedReturn("https://oa.example.com/sso/done?from=qr&ticket=old#frag", []string{"https://oa.example.com"})
	if got := withTicket(u, "imt_x"); got != "https://oa.example.com/sso/done?from=qr&ticket=imt_x" {
		t.Fatalf("withTicket = %s", got)
	}
}
