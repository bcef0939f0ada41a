package push

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"imbridge/ent/detail"
	"imbridge/platform"
)

// Input is a push from the OA (pushMessage).
type Input struct {
	// IdempotencyKey is required: the same key with the same body returns
	// the same message; with another body it is ErrConflict.
	IdempotencyKey string
	Source         string
	Title          string
	Content        string
	Link           string
	Fields         []detail.PushField
	Buttons        []detail.PushButton
	Recipients     detail.PushRecipients
	// TodoKey makes the message a to-do that CompleteTodo turns done.
	TodoKey string
	// CreatedBy is who pushed (not part of the body).
	CreatedBy string
}

// Limits of an input.
const (
	MaxRecipientIDs  = 100_000
	MaxDepartmentIDs = 5_000
	maxFields        = 20
	maxButtons       = 5
	maxContentRunes  = 20_000
)

// InputError is a bad input: the field (as the API names it) and the rule.
type InputError struct{ Field, Rule string }

func (e *InputError) Error() string { return e.Field + ": " + e.Rule }

func bad(field, format string, args ...any) error {
	return &InputError{Field: field, Rule: fmt.Sprintf(format, args...)}
}

// ErrConflict: the idempotency key was used for another body.
var ErrConflict = errors.New("this idempotency key was already used for a different message")

// ErrNotFound: no such message or to-do.
var ErrNotFound = errors.New("not found")

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9._:/-]{1,200}$`)

// normalize trims the input and checks it, naming the first bad field.
func (in *Input) normalize() error {
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	in.Source, in.Title, in.Link, in.TodoKey = strings.TrimSpace(in.Source), strings.TrimSpace(in.Title), strings.TrimSpace(in.Link), strings.TrimSpace(in.TodoKey)
	switch {
	case !keyPattern.MatchString(in.IdempotencyKey):
		return bad("input.idempotencyKey", "is required: 1 to 200 letters, digits or . _ : / -")
	case in.Source == "" || utf8.RuneCountInString(in.Source) > 100:
		return bad("input.source", "is required, at most 100 characters (e.g. 日报, 审批)")
	case in.Title == "" || utf8.RuneCountInString(in.Title) > 500:
		return bad("input.title", "is required, at most 500 characters")
	case utf8.RuneCountInString(in.Content) > maxContentRunes:
		return bad("input.content", "at most %d characters", maxContentRunes)
	case in.TodoKey != "" && !keyPattern.MatchString(in.TodoKey):
		return bad("input.todoKey", "1 to 200 letters, digits or . _ : / -")
	}
	if in.Link != "" {
		if err := platform.CheckURL("link", in.Link); err != nil {
			return bad("input.link", "must be an absolute http(s) URL")
		}
	}
	if len(in.Fields) > maxFields {
		return bad("input.fields", "at most %d", maxFields)
	}
	for i, f := range in.Fields {
		if strings.TrimSpace(f.Label) == "" || utf8.RuneCountInString(f.Label)+utf8.RuneCountInString(f.Value) > 1000 {
			return bad(fmt.Sprintf("input.fields[%d]", i), "needs a label; label and value at most 1000 characters")
		}
	}
	if len(in.Buttons) > maxButtons {
		return bad("input.buttons", "at most %d", maxButtons)
	}
	for i, b := range in.Buttons {
		if strings.TrimSpace(b.Text) == "" || utf8.RuneCountInString(b.Text) > 40 {
			return bad(fmt.Sprintf("input.buttons[%d].text", i), "is required, at most 40 characters")
		}
		if platform.CheckURL("button", b.URL) != nil {
			return bad(fmt.Sprintf("input.buttons[%d].url", i), "must be an absolute http(s) URL")
		}
	}
	r := &in.Recipients
	r.UserIDs, r.DepartmentIDs = dedupe(r.UserIDs), dedupe(r.DepartmentIDs)
	switch {
	case !r.Everyone && len(r.UserIDs) == 0 && len(r.DepartmentIDs) == 0:
		return bad("input.recipients", "name OA user ids, OA department ids, or everyone")
	case len(r.UserIDs) > MaxRecipientIDs:
		return bad("input.recipients.userIDs", "at most %d (use departments or everyone)", MaxRecipientIDs)
	case len(r.DepartmentIDs) > MaxDepartmentIDs:
		return bad("input.recipients.departmentIDs", "at most %d", MaxDepartmentIDs)
	}
	for i, id := range r.UserIDs {
		if len(id) > 128 {
			return bad(fmt.Sprintf("input.recipients.userIDs[%d]", i), "at most 128 characters")
		}
	}
	return nil
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// hash is the body's fingerprint: everything but the key and the author,
// in canonical form (after normalize).
func (in Input) hash() string {
	b, _ := json.Marshal([]any{in.Source, in.Title, in.Content, in.Link, in.Fields, in.Buttons, in.Recipients, in.TodoKey})
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
