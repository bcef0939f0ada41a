package oaimport

import (
	"fmt"
	"reflect"
	"strings"

	"imbridge/ent/identifier"
)

// Problem names one offending item of an invalid import.
type Problem struct {
	// Field is the input path, e.g. "users[12].mobile" or
	// "departments[3].parentExternalID", so callers can point at it
	// (GraphQL BAD_USER_INPUT carries it).
	Field string
	// Item names the offending object, e.g. `users[12] (external id "E0012")`.
	Item string
	// Message says which rule is broken, in words an OA integrator can act on.
	Message string
}

func (p Problem) String() string { return p.Field + ": " + p.Message }

// ValidationError is returned when an import breaks any rule. It holds every
// problem, in input order; callers truncate for display. Nothing is written
// when it is returned.
type ValidationError struct {
	Problems []Problem
}

// summaryProblems is how many problems Error spells out; the rest are counted.
const summaryProblems = 3

// Error summarises the problems: the first few in full, then a count.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid directory import: %d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for i, p := range e.Problems {
		if i == summaryProblems {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-summaryProblems)
			break
		}
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		b.WriteString(sep + p.String())
	}
	return b.String()
}

// problems collects Problems while validating.
type problems []Problem

// add records a problem. The values it quotes (%q, always input values)
// are clipped (identifier.Clip): a message names a value, it does not echo
// a megabyte cell back to the caller. %s arguments are the package's own
// phrases.
func (ps *problems) add(field, item, format string, args ...any) {
	arg := 0
	for i := 0; i < len(format)-1; i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if format[i] == '%' {
			continue
		}
		// Named string types (user.Status) too.
		if v := reflect.ValueOf(args[arg]); format[i] == 'q' && v.Kind() == reflect.String {
			args[arg] = identifier.Clip(v.String())
		}
		arg++
	}
	*ps = append(*ps, Problem{Field: field, Item: item, Message: fmt.Sprintf(format, args...)})
}

// deptItem and userItem name an input item the way detail.RunError does.
func deptItem(i int, externalID string) string {
	return fmt.Sprintf("departments[%d] (external id %q)", i, identifier.Clip(externalID))
}

func userItem(i int, externalID string) string {
	return fmt.Sprintf("users[%d] (external id %q)", i, identifier.Clip(externalID))
}
