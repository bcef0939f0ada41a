// Package platform is the outside world behind small interfaces: the IM
// platforms' directories, messengers, live providers and OAuth. Each platform
// has a subpackage (feishu, wecom, volcano…); sim/ holds the simulators.
package platform

import "fmt"

// Error is a refusal by a platform: its own code, message and log id.
type Error struct {
	Platform string
	// Code is the platform's error code (Feishu's `code`).
	Code int
	Msg  string
	// LogID identifies the request in the platform's logs (Feishu X-Tt-Logid).
	LogID string
	// HTTPStatus is the HTTP status of the response.
	HTTPStatus int
	// Class is what the refusal means (the adapter's code table).
	Class ErrorClass
	// Hint says what to change, in the platform or in the bridge, when the
	// code has a known remedy; empty otherwise.
	Hint string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s error %d: %s", e.Platform, e.Code, e.Msg)
	if e.LogID != "" {
		s += " (log id " + e.LogID + ")"
	}
	if e.Hint != "" {
		s += ": " + e.Hint
	}
	return s
}
