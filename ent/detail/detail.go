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
	Failed    int `json:"failed"`
}

// RunError is one item a run could not process.
type RunError struct {
	// Item names the offending object, e.g. "users[12] (external id E0012)".
	Item string `json:"item"`
	// Message says what is wrong.
	Message string `json:"message"`
	// Code is the platform's error code, if the platform refused it.
	Code string `json:"code,omitempty"`
}
