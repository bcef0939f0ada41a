package feishu

import (
	"net/http"

	"imbridge/platform"
)

// codeInfo is what the bridge knows about one Feishu code: its class and,
// when there is a remedy, what to change.
type codeInfo struct {
	class platform.ErrorClass
	hint  string
}

// Remedies shared by several codes. They name the Feishu console's own
// labels so an admin can follow them as written.
const (
	hintCredentials = "Feishu refused the app's credentials: copy the App ID and App Secret again from the developer console (开发者后台 › 凭证与基础信息) into the app in the bridge; for Lark use the base URL https://open.larksuite.com"
	hintToken       = "Feishu keeps refusing the app's access token: verify the app in the bridge, and check its App Secret was not reset"
	hintScope       = "the app lacks an API permission: in the developer console (开发配置 › 权限管理 › API 权限) enable the permission Feishu names, then publish a new version (应用发布 › 版本管理与发布) so it takes effect"
	hintAppOff      = "the app is disabled or not installed in this tenant: an admin enables it in the Feishu admin console (管理后台 › 工作台 › 应用管理), or publishes the app"
	hintDeptRange   = "the department is outside the app's contact range: in the developer console (开发配置 › 权限管理 › 数据权限 › 通讯录权限范围) add it or choose all members, then publish a new version; or pick a top department inside the range in the corp's sync settings"
	hintUserRange   = "the user is outside the app's contact range (开发配置 › 权限管理 › 数据权限 › 通讯录权限范围)"
	hintIPDenied    = "Feishu refuses calls from this server's IP address: add it to the app's IP allow list (开发者后台 › 安全设置 › IP 白名单), or turn the list off"
	hintQuota       = "the tenant used up its monthly API call quota: an admin upgrades the Feishu plan, or the bridge waits for next month"
)

// codes is the one table of Feishu codes the bridge acts on. Sources:
// shared/reference/feishu-api.md §3.5 (larksuite/cli lark_errors.go, which
// cites the generic error-code page), the generic error-code page itself
// (服务端错误码说明) and the error tables of the contact v3 API pages
// (user/create, user/find_by_department, department/get, department/create,
// department/delete). A code missing here is classified by HTTP status
// (classify).
var codes = map[int]codeInfo{
	// The token endpoint (tenant_access_token/internal). 10014 answers a
	// wrong secret ("app secret invalid") and an unknown app id ("app id not
	// exists"); larksuite/cli calls it the legacy variant of 99991543, the
	// generic page "app unauthorized". 10003: the id or secret is missing
	// or malformed ("invalid param").
	10003:    {platform.ClassCredentials, hintCredentials},
	10014:    {platform.ClassCredentials, hintCredentials},
	10015:    {platform.ClassCredentials, hintCredentials}, // "wrong app secret"
	20002:    {platform.ClassCredentials, hintCredentials}, // "app_id and app_secret did not match"
	99991543: {platform.ClassCredentials, hintCredentials}, // "app_id或app_secret不存在"
	// Tokens the wrapper already evicted and retried once.
	99991661: {platform.ClassCredentials, hintToken},
	99991663: {platform.ClassCredentials, hintToken},
	99991664: {platform.ClassCredentials, hintToken},
	99991665: {platform.ClassCredentials, hintToken},
	99991671: {platform.ClassCredentials, hintToken},

	// The app, not the object: scopes, app status, IP allow list, quota.
	99991672: {platform.ClassPermission, hintScope},
	99991676: {platform.ClassPermission, hintScope},
	99991662: {platform.ClassPermission, hintAppOff}, // "app not in use"
	99991673: {platform.ClassPermission, hintAppOff}, // "unauthorized app"
	99991401: {platform.ClassPermission, hintIPDenied},
	99991403: {platform.ClassPermission, hintQuota},
	230006:   {platform.ClassPermission, "the app's bot ability is off: enable it in the developer console (应用能力 › 机器人) and publish a new version"},

	// The object is outside the app's contact range (HTTP 403).
	40004: {platform.ClassOutOfRange, hintDeptRange}, // "no dept authority error"
	40014: {platform.ClassOutOfRange, hintDeptRange}, // "no parent dept authority error"
	41050: {platform.ClassOutOfRange, hintUserRange}, // "no user authority error"

	// The object does not exist.
	40015: {platform.ClassNotFound, ""}, // department/get: "department not exist"
	41012: {platform.ClassNotFound, ""}, // "user id invalid error" (also: no such user)
	40007: {platform.ClassNotFound, ""}, // "user_id %v is not exist"
	40052: {platform.ClassNotFound, ""}, // "department id %v is not exist"

	// Throttling.
	99991400: {platform.ClassRateLimit, ""},
	11232:    {platform.ClassRateLimit, ""},
	11233:    {platform.ClassRateLimit, ""},
	11247:    {platform.ClassRateLimit, ""},

	// Internal errors the docs say to retry.
	40003: {platform.ClassTransient, ""}, // contact v3: "internal error"
	1500:  {platform.ClassTransient, ""},
	2200:  {platform.ClassTransient, ""},
	5000:  {platform.ClassTransient, ""},
	41027: {platform.ClassTransient, ""}, // "create account failed error" (504)
	43024: {platform.ClassTransient, ""}, // "dept structure tenant lock fail": concurrent writes

	// The request is wrong.
	40001:    {platform.ClassInvalid, ""},
	40011:    {platform.ClassInvalid, ""},
	40012:    {platform.ClassInvalid, ""},
	99992402: {platform.ClassInvalid, ""},
}

// classify returns the class and remedy of a code; a code the table does
// not know is judged by its HTTP status (0 when the SDK gave none): 429 and
// 5xx are worth retrying, 404/405 mean the API is not there, other statuses
// stay ClassUnknown (retried a bounded number of times by the job runner).
func classify(code, status int) (platform.ErrorClass, string) {
	if c, ok := codes[code]; ok {
		return c.class, c.hint
	}
	switch {
	case status == http.StatusTooManyRequests:
		return platform.ClassRateLimit, ""
	case status >= 500:
		return platform.ClassTransient, ""
	case status == http.StatusNotFound, status == http.StatusMethodNotAllowed:
		// The API is not there: a private deployment without it, or a
		// base URL that is not Feishu's.
		return platform.ClassInvalid, "this Feishu deployment does not serve the API: check the corp's API base URL"
	}
	return platform.ClassUnknown, ""
}
