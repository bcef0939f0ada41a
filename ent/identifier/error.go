package identifier

import "fmt"

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

func (e *InvalidError) Error() string { return fmt.Sprintf("%s %q %s", e.Kind, e.Value, e.Rule) }

func invalid(kind, value, format string, args ...any) *InvalidError {
	return &InvalidError{Kind: kind, Value: value, Rule: fmt.Sprintf(format, args...)}
}
