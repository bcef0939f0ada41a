package platform

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// TextProblem says what makes s unfit to store and show, or "" when it is
// fit: invalid UTF-8, control characters (NUL, ESC, DEL, C1 controls) and
// the bidi embedding/override/isolate marks that make a text read
// differently than it is (U+202A–U+202E, U+2066–U+2069). PostgreSQL refuses
// NUL in text columns outright, a terminal or log obeys ESC, and an
// override disguises a name, so every text an admin or API caller gives is
// checked with this one rule (the OA import, the GraphQL input). Line
// breaks and tabs are allowed only when lineBreaks is true (message bodies,
// descriptions); names never take them.
func TextProblem(s string, lineBreaks bool) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if lineBreaks && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return fmt.Sprintf("contains the control character U+%04X", r)
		}
	}
	return ""
}
