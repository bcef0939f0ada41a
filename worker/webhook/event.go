package webhook

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Event is one thing to tell the OA.
type Event struct {
	// ID is stable for the thing that happened (e.g. derived from the sync
	// run and its change key): publishing the same ID again queues nothing,
	// so an engine that retries after a crash sends each event once.
	// Letters, digits and . _ : - only, at most 200 (it travels in a header).
	ID string
	// Type is one of Types, e.g. user.updated.
	Type string
	// Subject is what the event is about, e.g. "user:U0001". Deliveries of
	// one endpoint with the same subject arrive in the order they were
	// published; "" orders the event with nothing. At most 300 characters.
	Subject string
	// Payload becomes the body's "data", marshalled as JSON.
	Payload any
	// OccurredAt is when the change happened; zero means when published.
	OccurredAt time.Time
}

// Envelope is the JSON body of every delivery (docs/oa-webhooks.md).
type Envelope struct {
	// ID is the event id, also in X-Imbridge-Delivery.
	ID string `json:"id"`
	// Type is the event type, also in X-Imbridge-Event.
	Type string `json:"type"`
	// Sequence numbers the endpoint's events in the order the changes were
	// committed (1, 2, …; gaps are possible). 0 for ping.
	Sequence int `json:"sequence"`
	// Subject is what the event is about; see Event.Subject.
	Subject string `json:"subject,omitempty"`
	// OccurredAt is when the change happened (UTC, RFC 3339).
	OccurredAt time.Time `json:"occurred_at"`
	// Data is the type's payload.
	Data json.RawMessage `json:"data"`
}

// TypeInfo describes an event type for the console and the docs.
type TypeInfo struct {
	Name        string
	Description string
}

// Event types. docs/oa-webhooks.md describes each payload.
const (
	TypePing              = "ping"
	TypeDepartmentCreated = "department.created"
	TypeDepartmentUpdated = "department.updated"
	TypeDepartmentMoved   = "department.moved"
	TypeDepartmentDeleted = "department.deleted"
	TypeUserCreated       = "user.created"
	TypeUserUpdated       = "user.updated"
	TypeUserMoved         = "user.moved"
	TypeUserDisabled      = "user.disabled"
	TypeUserEnabled       = "user.enabled"
	TypeUserRestored      = "user.restored"
	TypeUserDeleted       = "user.deleted"
	TypeBindingCreated    = "binding.created"
	TypeBindingDeleted    = "binding.deleted"
	TypeMessageAction     = "message.action"
)

// Types lists every event type, in the order the console shows them.
var Types = []TypeInfo{
	{TypePing, "A test sent from the console (sendWebhookTest); always delivered, whatever the endpoint's types."},
	{TypeDepartmentCreated, "A department was created (data: the department)."},
	{TypeDepartmentUpdated, "A department's name or order changed (data: the department, changes)."},
	{TypeDepartmentMoved, "A department moved under another parent (data: the department, changes)."},
	{TypeDepartmentDeleted, "A department was deleted (data: the department as it was)."},
	{TypeUserCreated, "A person was created (data: the user)."},
	{TypeUserUpdated, "A person's fields changed (data: the user, changes)."},
	{TypeUserMoved, "A person's departments changed (data: the user, changes)."},
	{TypeUserDisabled, "A person was disabled (left the company, or offboarding)."},
	{TypeUserEnabled, "A disabled person was enabled again."},
	{TypeUserRestored, "A person who had left came back (rehired): the same account again."},
	{TypeUserDeleted, "A person left the company or was deleted (data: the user as she was)."},
	{TypeBindingCreated, "An OA account was bound to an IM account."},
	{TypeBindingDeleted, "A binding was removed."},
	{TypeMessageAction, "A person approved or rejected a pushed to-do with its quick-approval buttons or in Feishu's approval center (data: message_id, idempotency_key, todo_key, source, user, decision, via, comment)."},
}

// KnownType says whether name is an event type.
func KnownType(name string) bool {
	return slices.ContainsFunc(Types, func(t TypeInfo) bool { return t.Name == name })
}

// ValidTypeFilter checks an endpoint's event type entry: a type, or a
// group as "user.*".
func ValidTypeFilter(f string) error {
	if KnownType(f) {
		return nil
	}
	if g, ok := strings.CutSuffix(f, ".*"); ok && slices.ContainsFunc(Types, func(t TypeInfo) bool { return strings.HasPrefix(t.Name, g+".") }) {
		return nil
	}
	return fmt.Errorf("%q is not an event type (e.g. user.created) or a group (e.g. user.*)", f)
}

// Subscribed says whether an endpoint with the given type filter receives
// events of type typ: an empty filter receives everything, ping always.
func Subscribed(filter []string, typ string) bool {
	if len(filter) == 0 || typ == TypePing {
		return true
	}
	for _, f := range filter {
		if f == typ {
			return true
		}
		if g, ok := strings.CutSuffix(f, ".*"); ok && strings.HasPrefix(typ, g+".") {
			return true
		}
	}
	return false
}

var eventIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,200}$`)

// validate checks an event before anything is written.
func (e Event) validate() error {
	if !eventIDPattern.MatchString(e.ID) {
		return fmt.Errorf("webhook event id %q: 1 to 200 letters, digits, '.', '_', ':' or '-'", e.ID)
	}
	if !KnownType(e.Type) || e.Type == TypePing {
		return fmt.Errorf("webhook event %s: unknown type %q", e.ID, e.Type)
	}
	if len(e.Subject) > 300 {
		return fmt.Errorf("webhook event %s: subject longer than 300 bytes", e.ID)
	}
	return nil
}

// body renders the envelope of an event as it is sent.
func body(e Event, sequence int, now time.Time) ([]byte, error) {
	data, err := json.Marshal(e.Payload)
	if err != nil {
		return nil, fmt.Errorf("webhook event %s: payload: %w", e.ID, err)
	}
	at := e.OccurredAt
	if at.IsZero() {
		at = now
	}
	return json.Marshal(Envelope{
		ID: e.ID, Type: e.Type, Sequence: sequence, Subject: e.Subject,
		OccurredAt: at.UTC().Truncate(time.Millisecond), Data: data,
	})
}
