package orgsync

import (
	"errors"
	"fmt"
)

// InputError is a request the engine refuses because of one input: Field
// names it (as the caller spelled it), Rule says what is wrong. Nothing
// is changed.
type InputError struct {
	Field string
	Rule  string
}

func (e *InputError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Rule) }

// StateError is a request that does not fit the run's state (approving a
// run that does not wait for approval, undoing a dry run, a second sync
// while one is running). Nothing is changed.
type StateError struct{ Msg string }

func (e *StateError) Error() string { return e.Msg }

func stateErr(format string, args ...any) error {
	return &StateError{Msg: fmt.Sprintf(format, args...)}
}

// ErrReadOnly wraps the planner's read-only refusal for callers that only
// test for it.
var ErrReadOnly = errors.New("the sync profile is read_only")

// ChangeError is a change the engine refuses before asking the platform
// (a setting it depends on no longer holds): the change fails with Msg at
// once, without the retries a transport failure gets.
type ChangeError struct{ Msg string }

func (e *ChangeError) Error() string { return e.Msg }
