package identifier

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// DefaultRegion is the region of a number written without a country code
// when the caller names none: mainland China. Feishu reads such numbers the
// same way: only "non-mainland numbers need + and the country code"
// (reference/feishu-api.md §1.2; the SDK's contact v3 User.Mobile comment).
const DefaultRegion = "CN"

// Region checks a region code for numbers written without a country code
// (ISO 3166-1 alpha-2, any case, e.g. "hk") and returns it upper-cased;
// "" is DefaultRegion. The error names the rule.
func Region(s string) (string, error) {
	r := strings.ToUpper(strings.TrimSpace(s))
	if r == "" {
		return DefaultRegion, nil
	}
	if !phonenumbers.GetSupportedRegions()[r] {
		return "", fmt.Errorf("region %q is not a region code of phone numbers: use an ISO 3166-1 alpha-2 code such as CN, HK, SG or US", s)
	}
	return r, nil
}

// Mobile validates a mobile number and returns its canonical form, E.164
// ("+8613800138000"). region (see Region; "" is DefaultRegion) is where a
// number without a country code belongs. Spaces, dashes, dots, parentheses
// and full-width digits are formatting and go; "" stays "".
//
// Errors (*InvalidError): a character that is not part of a number; a number
// that libphonenumber does not know as valid in its country (wrong length,
// unassigned prefix: "+86138001380", "+8612345"); a trunk prefix after the
// country code ("+86013800138000": the 0 is dialled only without +86); an
// extension; a valid number that is not a mobile one (a fixed line, a
// toll-free number…). Numbers a country does not tell apart from mobiles
// (US, Canada: FIXED_LINE_OR_MOBILE) are accepted.
func Mobile(s, region string) (string, error) {
	n, t, canonical, err := parseNumber(s, region)
	if err != nil || n == nil {
		return canonical, err
	}
	switch t {
	case phonenumbers.MOBILE, phonenumbers.FIXED_LINE_OR_MOBILE:
		return canonical, nil
	default:
		return "", invalid("mobile", strings.TrimSpace(s), "is %s in %s, not a mobile number", typeName(t), regionOf(n))
	}
}

// NormalizeMobile returns the canonical form of a valid number (of any type;
// without a country code, read in DefaultRegion), and anything else trimmed
// but otherwise as it is. It never fails: it is for values the bridge keeps
// whatever they are (a platform's directory, rows stored earlier), and it is
// the form mobiles are compared in, so that a value that is not a number
// still equals itself.
func NormalizeMobile(s string) string {
	s = strings.TrimSpace(s)
	if isPlusDigits(s) {
		// Already as canonical as it can be: parseNumber either finds it
		// valid, and then its digits are the number's (the trunk prefix
		// rule), or refuses it and it stays as it is. This keeps the User
		// hook free for the values engines write, which they canonicalised.
		return s
	}
	if _, _, canonical, err := parseNumber(s, DefaultRegion); err == nil {
		return canonical
	}
	return s
}

// isPlusDigits reports whether s is "+" and ASCII digits only.
func isPlusDigits(s string) bool {
	if len(s) < 2 || s[0] != '+' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// formatting are the characters a written number may carry besides digits
// and one plus before them, ASCII and full-width.
const formatting = "-().－（）．"

// parseNumber applies every rule but the number's type, which it returns
// (computing it is how libphonenumber validates, so it is done once). It
// returns a nil number for "".
func parseNumber(s, region string) (*phonenumbers.PhoneNumber, phonenumbers.PhoneNumberType, string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, phonenumbers.UNKNOWN, "", nil
	}
	region, err := Region(region)
	if err != nil {
		return nil, phonenumbers.UNKNOWN, "", err
	}
	plus, digits := false, false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits = true
		case unicode.IsSpace(r), strings.ContainsRune(formatting, r):
		case (r == '+' || r == '＋') && !plus && !digits: // "+86…", "(+86) …"
			plus = true
		default:
			return nil, phonenumbers.UNKNOWN, "", invalid("mobile", s, "contains %q: write digits only, with + and the country code for numbers outside %s", r, region)
		}
	}
	n, err := phonenumbers.ParseAndKeepRawInput(s, region)
	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return nil, phonenumbers.UNKNOWN, "", invalid("mobile", s, "does not start with a valid country code after +")
	case err != nil && plus:
		return nil, phonenumbers.UNKNOWN, "", invalid("mobile", s, "is not a valid phone number")
	case err != nil:
		return nil, phonenumbers.UNKNOWN, "", invalid("mobile", s, "is not a valid number for %s", region)
	}
	fromDefault := n.GetCountryCodeSource() == phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY
	// GetNumberType is UNKNOWN exactly when IsValidNumber is false.
	t := phonenumbers.GetNumberType(n)
	if t == phonenumbers.UNKNOWN {
		if fromDefault {
			return nil, phonenumbers.UNKNOWN, "", invalid("mobile", s, "is not a valid number for %s (a number without + and a country code is read as one of %s)", region, region)
		}
		return nil, phonenumbers.UNKNOWN, "", invalid("mobile", s, "is not a valid number for %s", regionOf(n))
	}
	if n.GetExtension() != "" {
		return nil, phonenumbers.UNKNOWN, "", invalid("mobile", s, "has an extension, which a mobile number cannot have")
	}
	canonical := phonenumbers.Format(n, phonenumbers.E164)
	// With "+", the digits written must be the number's: libphonenumber
	// quietly drops a national trunk prefix ("+86 0138…"), which E.164 does
	// not allow and which usually means a number was pasted together wrong.
	if n.GetCountryCodeSource() == phonenumbers.PhoneNumber_FROM_NUMBER_WITH_PLUS_SIGN &&
		phonenumbers.NormalizeDigitsOnly(s) != canonical[1:] {
		return nil, phonenumbers.UNKNOWN, "", invalid("mobile", s, "has a trunk prefix after the country code: write %s", canonical)
	}
	return n, t, canonical, nil
}

// regionOf names the region a number belongs to: its own for a valid
// number, else the main region of its country code ("001" for non-geographic
// codes such as +800).
func regionOf(n *phonenumbers.PhoneNumber) string {
	if r := phonenumbers.GetRegionCodeForNumber(n); r != "" {
		return r
	}
	return phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode()))
}

func typeName(t phonenumbers.PhoneNumberType) string {
	switch t {
	case phonenumbers.FIXED_LINE:
		return "a fixed-line number"
	case phonenumbers.TOLL_FREE:
		return "a toll-free number"
	case phonenumbers.PREMIUM_RATE:
		return "a premium-rate number"
	case phonenumbers.SHARED_COST:
		return "a shared-cost number"
	case phonenumbers.VOIP:
		return "a VoIP number"
	case phonenumbers.PERSONAL_NUMBER:
		return "a personal (forwarding) number"
	case phonenumbers.PAGER:
		return "a pager number"
	case phonenumbers.UAN:
		return "a company (UAN) number"
	case phonenumbers.VOICEMAIL:
		return "a voicemail number"
	default:
		return "a number of unknown type"
	}
}
