package identifier

import (
	"net/mail"
	"strings"
)

// Email validates an e-mail address and returns its canonical form: trimmed,
// the domain lower-cased, the local part as written. "" stays "".
//
// The syntax is RFC 5322's addr-spec as net/mail parses it, with a bare
// address only (no display name, no angle brackets) and a domain name of at
// least two labels (no "user@localhost", no address literal): the addresses
// people and directories use. Errors are *InvalidError.
func Email(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || strings.ContainsAny(s, "<>") {
		return "", invalid("email", s, "is not a valid e-mail address: write name@domain")
	}
	at := strings.LastIndexByte(a.Address, '@')
	local, domain := a.Address[:at], strings.ToLower(a.Address[at+1:])
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") || strings.HasSuffix(domain, ".") {
		return "", invalid("email", s, "has no valid domain name after @: write name@example.com")
	}
	return local + "@" + domain, nil
}

// NormalizeEmail returns the canonical form of a valid address and anything
// else trimmed but otherwise as it is. It never fails (see NormalizeMobile).
func NormalizeEmail(s string) string {
	if e, err := Email(s); err == nil {
		return e
	}
	return strings.TrimSpace(s)
}

// EmailKey is the form addresses are compared in: NormalizeEmail
// lower-cased, local part included (see the package documentation).
func EmailKey(s string) string {
	return strings.ToLower(NormalizeEmail(s))
}
