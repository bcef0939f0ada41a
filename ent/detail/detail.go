// Package detail holds the structured values stored in JSON columns (run
// counters and errors, capability checks). They are plain types so the
// generated ent code, the engines and GraphQL can all use them.
package detail

// Counters says what a directory run changed, by kind of change.
type Counters struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Moved     int `json:"moved"`
	Unchanged int `json:"unchanged"`
	Removed   int `json:"removed"`
	// OutOfScope counts rows that left the synced scope (moved outside the
	// top department or the app's contact range) but still exist.
	OutOfScope int `json:"outOfScope,omitempty"`
	Failed     int `json:"failed"`
}

// RunError is one item a run could not process.
type RunError struct {
	// Item names the offending object, e.g. "users[12] (external id E0012)".
	Item string `json:"item"`
	// Message says what is wrong.
	Message string `json:"message"`
	// Code is the platform's error code, if the platform refused it.
	Code string `json:"code,omitempty"`
	// Kind is the kind of the item ("user", "department"), when the run
	// knows it.
	Kind string `json:"kind,omitempty"`
	// ExternalID identifies the item in its source (Feishu's user_id or
	// department_id; the open_id of a user whose user_id the app may not
	// read), when it has one.
	ExternalID string `json:"externalId,omitempty"`
}

// Capability is the outcome of probing one capability of an app on its
// platform (app verification).
type Capability struct {
	// Name is credentials, contact_read, contact_user_id, contact_write,
	// message_send, or network (the platform was not reached at all).
	Name string `json:"name"`
	OK   bool   `json:"ok"`
	// Code and Message are the platform's refusal, when not OK.
	Code    int    `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// Class is what a failure means, so that the console can say what to
	// do: credentials, permission, out_of_range (the contact range),
	// network (the platform was not reached), or another
	// platform.ErrorClass name; empty when OK.
	Class string `json:"class,omitempty"`
	// Host and Cause describe a network failure: the host that was not
	// reached and the step that failed (dns, connect, tls, timeout, proxy).
	Host  string `json:"host,omitempty"`
	Cause string `json:"cause,omitempty"`
}
