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
	// OAuthError, when set, is the RFC 6749 error name of a refusal by the
	// OAuth token endpoint, whose body is {code, error, error_description}.
	OAuthError string
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

// Codes the simulator answers with, each checked against a source: the
// generic codes against shared/reference/feishu-api.md §3.5 (from
// larksuite/cli) and the generic error-code page (服务端错误码说明); the
// token endpoint's against larksuite/cli (10014 "app secret invalid", the
// legacy variant of 99991543) and live observations quoted in public issues
// (10014 "app id not exists", 10003 "invalid param", all with HTTP 200);
// the contact codes against the error tables of the contact v3 API pages
// (user/create, user/find_by_department, department/get, department/create,
// department/delete), with the HTTP status those tables give. Constants so
// tests and clients can match on them.
const (
	CodeOK = 0

	// Token endpoint (auth/v3/tenant_access_token/internal).
	CodeInvalidParam     = 10003 // "invalid param": app_id or app_secret missing
	CodeAppSecretInvalid = 10014 // "app secret invalid" / "app id not exists"

	// Gateway.
	CodeRateLimited     = 99991400 // "request trigger frequency limit", HTTP 429
	CodeTokenMissing    = 99991661
	CodeTokenInvalid    = 99991663 // tenant access token invalid or expired
	CodeAppTokenInvalid = 99991664
	CodeScopeMissing    = 99991672 // app has not applied for the scope
	CodeFieldValidation = 99992402 // request field failed validation (enum, required…)
	CodeNotFoundPath    = 99991201 // "resource not find": no such API (HTTP 404)
	CodeMethodMismatch  = 99991301 // "request method doesn't match"

	// Contact v3.
	CodeInternal           = 40003 // "internal error"; used for injected 5xx
	CodeRootDept           = 40002 // "process root dept error"
	CodeNoDeptAuthority    = 40004 // department outside the contact range (HTTP 403)
	CodePageSizeInvalid    = 40011
	CodeParamError         = 40013 // "param error", e.g. a department moved under itself
	CodePageTokenInvalid   = 40012
	CodeDeptNotExist       = 40015 // department/get: "department not exist"
	CodeDeptNameEmpty      = 40016 // "dept name can not be null error" (HTTP 401, as documented)
	CodeNotSameRequest     = 40021 // client_token reused with a different body
	CodeDeptCustomIDDup    = 43007
	CodeDeptCustomIDBad    = 43008 // starts with "od-", is "0" or "1", or > 64 chars
	CodeDeptHasMembers     = 43011 // delete: "delete has member dept error"
	CodeDeptHasChildren    = 43012 // delete: "delete has sub dept department error"
	CodeDeptTooManyChild   = 43013
	CodeDeptMaxLevel       = 43019
	CodeDeptNameDuplicate  = 43022 // "department name duplicate"
	CodeMissingParentDept  = 44101
	CodeMobileExists       = 41001
	CodeEmailExists        = 41002
	CodeMobileInvalid      = 41004
	CodeEmailInvalid       = 41005
	CodeUserNameEmpty      = 41006
	CodeNoMobile           = 41010
	CodeUserIDExists       = 41011
	CodeUserIDInvalid      = 41012 // also: user not found
	CodeDepartmentRequired = 41017 // "department is required error"
	CodeLeaderIsSelf       = 41030 // "set leader to oneself error"
	CodeNoUserAuthority    = 41050 // user outside the contact range
	CodeEmployeeType       = 41059 // "invalid employee type error"
	CodeUserResigned       = 42006
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

// errUserOutOfRange: the user exists but is outside the app's contact range.
func errUserOutOfRange(id string) *Error {
	return newErr(http.StatusBadRequest, CodeNoUserAuthority, "no user authority error: %s", id)
}

func errNoUser(id string) *Error {
	return newErr(http.StatusBadRequest, CodeUserIDInvalid, "user id invalid error: %s", id)
}
