package identifier

import (
	"fmt"
	"unicode/utf8"
)

// InvalidError says which rule a mobile or e-mail breaks. Its message reads
// `mobile "+86138001380" is not a valid number for CN`, so callers can use it
// as the problem of a field as is.
type InvalidError struct {
	// Kind is "mobile" or "email".
	Kind string
	// Value is the value as given (trimmed).
	Value string
	// Rule is what is wrong, completing the sentence "<kind> <value> …".
	Rule string
}

func (e *InvalidError) Error() string { return fmt.Sprintf("%s %q %s", e.Kind, Clip(e.Value), e.Rule) }

func invalid(kind, value, format string, args ...any) *InvalidError {
	return &InvalidError{Kind: kind, Value: value, Rule: fmt.Sprintf(format, args...)}
}

// ClipRunes is the longest input value a message quotes whole.
const ClipRunes = 64

// Clip is a value as a message quotes it: whole up to ClipRunes characters,
// else its first ClipRunes and how long it was. A message names a value; it
// does not echo a megabyte cell back to the caller.
func Clip(s string) string { return ClipTo(s, ClipRunes) }

// ClipTo is Clip with another length (a preview shows more of a cell than a
// message quotes).
func ClipTo(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return fmt.Sprintf("%s… (%d characters)", string(r[:n]), len(r))
}
