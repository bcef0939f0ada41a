package feishu

import "net/http"

// Codes of the contact v3 write APIs, each from the error table of the API
// page that answers it (open.feishu.cn server-docs/contact-v3, read through
// the doc mirrors of wxkingstar/doc-hub-mcp and the Lark reference pages):
//
//	department/create  43005 43008 43013 43019 43022 43029 40014 43000 40016 40021 43007 44101
//	department/patch   43005 43019 43022 43029 40002 40014 43024 43030
//	department/delete  43011 43012 40002 40004 40014
//	user/create        41001 41002 41004 41005 41006 41010 41011 41033 41053 40021 44051
//	user/patch         42006 41025 41033 44002 44025 41050 40004
//	user/delete        41052 41050 40004 44037 44042
//	user/resurrect     44028 44030 44031 44032 44033 44034   (rate limit 10/min)
//
// What the pages do not say, the simulator marks where it decides (see the
// UNVERIFIED notes at each use). Not modelled: 40014 and 40004 on writes
// outside the app's contact range (the range itself is another change),
// 44032 (a resigned user's user_id taken: user_ids are never reused here),
// 44034 and 44042 (deletion/restore still in progress: both are instant).
const (
	CodeDeptOrderDuplicate = 43005 // "duplicate order error": order equal to a sibling's
	CodeDeptAlreadyExists  = 43000 // "dept has already exist error" (HTTP 401, as documented)
	CodeDeptNameSeparator  = 43029 // "dept name not contain separator": a "/" in the name
	CodeDeptStructureLock  = 43024 // "dept structure tenant lock fail": concurrent change, retry
	CodeDeptUpdateLock     = 43030 // "update department lock error,wait some seconds and retry"
	CodeUserTooManyDepts   = 41033 // "user in too many departments error": more than 50
	CodeOrderDeptInvalid   = 41025 // "order department invalid error": orders[] names a department not in department_ids
	CodeOrderNeedsDepts    = 44002 // "update order must update department together"
	CodeUserLock           = 44025 // "update user lock error,wait some seconds and retry"
	CodeUserAlreadyExists  = 41053 // "user has already exist error" (HTTP 409)
	CodeAcceptorInvalid    = 41052 // "user resign acceptor is invalid error"
	CodeResurrectExpired   = 44028 // "Exceed recoverable time": resigned more than 30 days ago
	CodeResurrectMobileDup = 44030 // "Mobile duplicated"
	CodeResurrectEmailDup  = 44031 // "Email duplicated"
	CodeUserNotResigned    = 44033 // "User not resigned"
)

// maxUserDepartments is user/patch's and user/create's limit on
// department_ids (41033, "不能超过 50 个").
const maxUserDepartments = 50

// resurrectWindowDays: "调用该接口仅支持恢复离职 30 天内的成员" (user/resurrect).
const resurrectWindowDays = 30

func errOrderDuplicate() *Error {
	return newErr(http.StatusBadRequest, CodeDeptOrderDuplicate, "duplicate order error")
}

func errNameSeparator() *Error {
	return newErr(http.StatusBadRequest, CodeDeptNameSeparator, "dept name not contain separator")
}
