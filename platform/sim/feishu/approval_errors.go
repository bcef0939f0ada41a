package feishu

import "net/http"

// Codes of the approval v4 external APIs, from the error table of each
// page (all HTTP 400):
//
//	external_approvals create      1390001 1395001
//	external_approvals get         1390001 1390002 1390016
//	external_instances create      1390001 1395001 1390014
//	external_instances check       1390001 1395001
//	external_tasks list            1390001
//
// The simulator answers 1390001 "param is invalid" for every field rule it
// checks, with the rule in the message. A sync naming a definition the
// tenant does not have answers 1390002 "approval code not found": the code
// get documents for an unknown definition, which the sync page does not
// list (UNVERIFIED for the sync). 1395001 ("There have been some errors.
// Please try again later"; the sync page adds "短时间内不要同步相同的审批实例")
// and 1390014 are never produced by the simulator itself: InjectCode
// produces them.
const (
	CodeApprovalParamInvalid   = 1390001 // "param is invalid"
	CodeApprovalCodeNotFound   = 1390002 // "approval code not found"
	CodeApprovalTenantNotFound = 1390014 // "tenant_id not found"
	CodeApprovalDeleted        = 1390016 // "approval is deleted"
	CodeApprovalRetryLater     = 1395001 // "There have been some errors. Please try again later"
)

func errApprovalParam(format string, args ...any) *Error {
	return newErr(http.StatusBadRequest, CodeApprovalParamInvalid, "param is invalid: "+format, args...)
}

func errApprovalCodeNotFound(code string) *Error {
	return newErr(http.StatusBadRequest, CodeApprovalCodeNotFound, "approval code not found: %s", code)
}
