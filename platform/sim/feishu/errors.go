package feishu

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is a Feishu API error: the HTTP status the gateway answers with and
// the {code,msg} pair of the body. Org mutation helpers return it too, so a
// test gets the same code whether it went through HTTP or not.
type Error struct {
	Status int    // HTTP status
	Code   int    // Feishu "code"
	Msg    string // Feishu "msg"
	// Scopes, when set, become error.permission_violations (99991672).
	Scopes []string
}

func (e *Error) Error() string { return fmt.Sprintf("feishu sim: code %d: %s", e.Code, e.Msg) }

// CodeOf returns the Feishu code carried by err, or 0 when it carries none.
func CodeOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func newErr(status, code int, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Msg: fmt.Sprintf(format, args...)}
}

// Codes the simulator answers with. Sources: the generic codes are in
// shared/reference/feishu-api.md §3.5 (from larksuite/cli); the contact codes
// come from the per-API error tables of the contact v3 docs (seen through a
// doc mirror). Codes marked UNVERIFIED were not found in any source and are a
// best guess; they are constants so a client can match on them either way.
const (
	CodeOK = 0

	// Gateway / auth.
	CodeRateLimited       = 99991400 // "request trigger frequency limit", HTTP 429
	CodeAppSecretInvalid  = 99991543 // bad app_id / app_secret
	CodeTokenMissing      = 99991661
	CodeTokenInvalid      = 99991663 // tenant access token invalid or expired
	CodeAppTokenInvalid   = 99991664
	CodeScopeMissing      = 99991672 // app has not applied for the scope
	CodeFieldValidation   = 99992402 // request field failed validation (enum, required…)
	CodeInternal          = 40003    // "internal error" (contact); used for injected 5xx
	CodePageSizeInvalid   = 40011
	CodePageTokenInvalid  = 40012
	CodeNoDeptAuthority   = 40004 // department unknown / outside the contact scope (HTTP 403)
	CodeDeptNotExist      = 40015 // department/get: "department not exist"
	CodeDeptNameEmpty     = 40016
	CodeDeptNameDuplicate = 40018 // same name under the same parent
	CodeNotSameRequest    = 40021 // client_token reused with a different body
	CodeDeptExists        = 43000
	CodeDeptCustomIDDup   = 43007
	CodeDeptCustomIDBad   = 43008 // starts with "od-", is "0", or > 64 chars
	CodeDeptHasMembers    = 43011 // delete: "delete has member dept error"
	CodeDeptHasChildren   = 43012 // delete: "delete has sub dept department error"
	CodeDeptTooManyChild  = 43013
	CodeDeptMaxLevel      = 43019
	CodeMissingParentDept = 44101
	CodeMobileExists      = 41001
	CodeEmailExists       = 41002
	CodeMobileInvalid     = 41004
	CodeEmailInvalid      = 41005
	CodeUserNameEmpty     = 41006
	CodeNoMobile          = 41010
	CodeUserIDExists      = 41011
	CodeUserIDInvalid     = 41012 // also: user not found
	CodeUserResigned      = 42006
)

func errTokenMissing() *Error {
	return newErr(http.StatusBadRequest, CodeTokenMissing,
		"Missing access token for authorization. Please make a request with token attached.")
}

func errTokenInvalid() *Error {
	return newErr(http.StatusBadRequest, CodeTokenInvalid,
		"Invalid access token for authorization. Please make a request with token attached.")
}

func errPageSize() *Error {
	return newErr(http.StatusBadRequest, CodePageSizeInvalid, "page size is invalid")
}

func errPageToken() *Error {
	return newErr(http.StatusBadRequest, CodePageTokenInvalid, "page token is invalid error")
}

func errField(format string, args ...any) *Error {
	return newErr(http.StatusBadRequest, CodeFieldValidation, "field validation failed: "+format, args...)
}

func errNoDept(id string) *Error {
	return newErr(http.StatusForbidden, CodeNoDeptAuthority, "no dept authority error: %s", id)
}

// errDeptNotExist is department/get's answer for an unknown id.
func errDeptNotExist(id string) *Error {
	return newErr(http.StatusBadRequest, CodeDeptNotExist, "department not exist: %s", id)
}

func errNoUser(id string) *Error {
	return newErr(http.StatusBadRequest, CodeUserIDInvalid, "user id invalid error: %s", id)
}
