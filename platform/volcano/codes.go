package volcano

import (
	"net/http"

	"imbridge/platform"
)

// Volcano's public error codes (公共错误码, docs 6369/68677 and 6469/1126806):
// Code (text) and CodeN (number) in ResponseMetadata.Error. Only these are
// classified; an action's own codes come back as ClassUnknown with the
// platform's text.
const (
	CodeMissingParameter      = "MissingParameter"       // 100002, 400
	CodeMissingRequestInfo    = "MissingRequestInfo"     // 100004, 400
	CodeInvalidTimestamp      = "InvalidTimestamp"       // 100006, 400
	CodeInvalidActionOrVer    = "InvalidActionOrVersion" // 100008, 404
	CodeInvalidAccessKey      = "InvalidAccessKey"       // 100009, 401
	CodeSignatureDoesNotMatch = "SignatureDoesNotMatch"  // 100010, 401
	CodeAccessDenied          = "AccessDenied"           // 100013, 403
	CodeInternalError         = "InternalError"          // 100014, 500
)

// The room codes of the livesaas API's own error table (docs 3019/1112501,
// "错误码"): HTTP 400, text codes only (no CodeN is given there).
const (
	CodeActivityNotExist       = "InvalidParameter.ActivityNotExist"       // 直播间不存在
	CodeActivityHasBeenDeleted = "InvalidParameter.ActivityHasBeenDeleted" // 直播间已删除
	CodeActivityIDInvalid      = "InvalidParameter.ActivityIdInvalid"      // 直播间 ID 错误
)

// CodeN values of the codes above, as the simulator answers them.
var CodeN = map[string]int{
	CodeMissingParameter: 100002, CodeMissingRequestInfo: 100004, CodeInvalidTimestamp: 100006,
	CodeInvalidActionOrVer: 100008, CodeInvalidAccessKey: 100009, CodeSignatureDoesNotMatch: 100010,
	CodeAccessDenied: 100013, CodeInternalError: 100014,
}

const (
	hintKeys  = "Volcano refused the account's keys: copy the Access Key ID and Secret Access Key (火山引擎控制台 › 访问控制 › API访问密钥) again into the bridge"
	hintClock = "Volcano says the signature time is off: check this server's clock (NTP); X-Date must be within Volcano's window"
	hintIAM   = "the (sub-)account may not do this: give it 我的直播 › 可编辑 in 企业直播 › 子账号管理, or use the main account's keys"
)

func classify(code string, status int) (platform.ErrorClass, string) {
	switch code {
	case CodeInvalidAccessKey, CodeSignatureDoesNotMatch:
		return platform.ClassCredentials, hintKeys
	case CodeInvalidTimestamp:
		return platform.ClassCredentials, hintClock
	case CodeAccessDenied:
		return platform.ClassPermission, hintIAM
	case CodeInternalError:
		return platform.ClassTransient, ""
	case CodeActivityNotExist, CodeActivityHasBeenDeleted:
		// The room is gone: the only codes the bridge treats as "gone".
		return platform.ClassNotFound, ""
	case CodeActivityIDInvalid:
		return platform.ClassInvalid, ""
	case CodeMissingParameter, CodeMissingRequestInfo, CodeInvalidActionOrVer:
		return platform.ClassInvalid, ""
	}
	return classForStatus(status), ""
}

func classForStatus(status int) platform.ErrorClass {
	switch {
	case status == http.StatusTooManyRequests:
		return platform.ClassRateLimit
	case status >= 500:
		return platform.ClassTransient
	case status == http.StatusNotFound:
		return platform.ClassInvalid
	}
	return platform.ClassUnknown
}
