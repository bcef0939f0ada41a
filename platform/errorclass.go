package platform

import (
	"context"
	"errors"
)

// ErrorClass is what a platform refusal means for the caller, whatever the
// platform: each adapter keeps one table mapping its codes to a class
// (platform/feishu/codes.go), and engines decide on the class, never on a
// platform's code.
type ErrorClass int

// Error classes. The zero value is ClassUnknown: a code no table knows.
const (
	ClassUnknown ErrorClass = iota
	// ClassCredentials: the app's id or secret is refused, or the platform
	// keeps refusing its access token. Nothing works until an admin fixes
	// the app's credentials.
	ClassCredentials
	// ClassPermission: the app lacks an API permission (scope), is disabled
	// or not installed, or its calls are refused by an IP allow list.
	ClassPermission
	// ClassOutOfRange: the object is outside the app's contact range
	// (通讯录权限范围): the app may not see it. For a listing the pull needs,
	// that is a permission problem; for one object named by an event, it
	// means the object left what the app can see.
	ClassOutOfRange
	// ClassNotFound: the object does not exist (any more).
	ClassNotFound
	// ClassRateLimit: throttled; worth retrying later.
	ClassRateLimit
	// ClassTransient: an internal error of the platform; worth retrying.
	ClassTransient
	// ClassInvalid: the request itself is wrong; retrying cannot help.
	ClassInvalid
)

var classNames = map[ErrorClass]string{
	ClassUnknown: "unknown", ClassCredentials: "credentials", ClassPermission: "permission",
	ClassOutOfRange: "out_of_range", ClassNotFound: "not_found", ClassRateLimit: "rate_limit",
	ClassTransient: "transient", ClassInvalid: "invalid",
}

func (c ErrorClass) String() string { return classNames[c] }

// Retryable says whether a later attempt may succeed by itself: rate
// limits, transient failures and codes no table knows (an unknown refusal is
// not trusted to be permanent).
func (c ErrorClass) Retryable() bool {
	return c == ClassRateLimit || c == ClassTransient || c == ClassUnknown
}

// Refusal says whether the class refuses the app rather than one object:
// credentials and permissions. Every further call would fail the same way,
// so a job stops at once and says what to change.
func (c ErrorClass) Refusal() bool {
	return c == ClassCredentials || c == ClassPermission
}

// ClassOf classifies any error: a *Error by its class, a context ending as
// ClassUnknown, and everything else (network failures after the adapter's
// own retries) as ClassTransient.
func ClassOf(err error) ErrorClass {
	var pe *Error
	switch {
	case err == nil:
		return ClassUnknown
	case errors.As(err, &pe):
		return pe.Class
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return ClassUnknown
	}
	return ClassTransient
}

// Advice is the platform's message followed by what to change, when the
// adapter knows: what an admin reads in the console.
func (e *Error) Advice() string {
	if e.Hint == "" {
		return e.Msg
	}
	return e.Msg + ": " + e.Hint
}
