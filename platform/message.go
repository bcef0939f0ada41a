package platform

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of what a platform's answer may put in an Error, which the API
// shows and verification stores: a platform's own messages are one short
// sentence, so anything longer is not one.
const (
	MaxMessageRunes = 300
	MaxLogIDLen     = 64
)

// CleanMessage makes a platform's message fit to show and store: invalid
// UTF-8, control and format characters (newlines, escapes, bidi overrides)
// become spaces, runs of spaces one, and it is cut at MaxMessageRunes runes
// with "…".
func CleanMessage(s string) string {
	var b strings.Builder
	n, space := 0, false
	for _, r := range strings.ToValidUTF8(s, " ") {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) || r == utf8.RuneError {
			space = b.Len() > 0
			continue
		}
		if n == MaxMessageRunes {
			b.WriteRune('…')
			break
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
			if n == MaxMessageRunes {
				b.WriteRune('…')
				break
			}
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// CleanLogID keeps what a log id is made of (letters, digits, '-', '_',
// '.'), at most MaxLogIDLen bytes; anything else makes it empty.
func CleanLogID(s string) string {
	if len(s) > MaxLogIDLen {
		return ""
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return ""
		}
	}
	return s
}
