package binder

import "fmt"

// InputError is input that breaks a rule: Field names the input field
// (as the GraphQL input spells it: corpID, matchField, content…).
type InputError struct {
	Field, Message string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

func invalid(field, format string, args ...any) error {
	return &InputError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// ConflictError is a binding that would break the one-to-one rule, or a
// confirmation that no longer matches what is stored.
type ConflictError struct{ Message string }

func (e *ConflictError) Error() string { return e.Message }

func conflict(format string, args ...any) error {
	return &ConflictError{Message: fmt.Sprintf(format, args...)}
}
