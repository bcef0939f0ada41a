package wecom

import (
	"net/http"

	"imbridge/platform"
)

// codeInfo is what the bridge knows about one errcode: its class and, when
// there is a remedy, what to change.
type codeInfo struct {
	class platform.ErrorClass
	hint  string
}

// Remedies. They name the WeCom admin console's own labels.
const (
	hintSecret  = "WeCom refused the credentials: copy the corpid (我的企业 › 企业信息 › 企业ID) and the app's Secret (应用管理 › the app › Secret) again into the bridge; a reset Secret or a disabled app also gives this"
	hintCorpID  = "WeCom does not know this corpid: copy it from 我的企业 › 企业信息 › 企业ID into the corp in the bridge"
	hintToken   = "WeCom keeps refusing the app's access_token: verify the app in the bridge, and check its Secret was not reset"
	hintIP      = "WeCom refuses calls from this server's IP: add the bridge's egress IP under 应用管理 › the app › 企业可信IP (required for apps created after 2022-06-20; it takes about a minute)"
	hintAPI     = "the app may not call this API: for contact writes use the 通讯录同步 secret (管理工具 › 通讯录同步, with API 编辑通讯录 on); for living add the app to 直播 › 可调用接口的应用"
	hintRange   = "the member or department is outside the app's visible range (应用管理 › the app › 可见范围): widen it, or pick a top department inside it in the corp's sync settings"
	hintSyncIP  = "WeCom no longer lets the 通讯录同步 secret read contact details from a new IP (since 2022-08-15): read with a self-built app's secret whose visible range covers the organisation"
	hintDisable = "the app is disabled: an admin enables it again under 应用管理"
	hintGone    = "WeCom does not know this userid, or the member is outside the app's visible range (60111 says either): the bridge marks the person out of scope, not resigned"
	hintOther   = "the token belongs to another app than the one named (agentid): check the app's AgentId and Secret are of the same app"
)

// codes is the one table of WeCom errcodes the bridge acts on. Sources:
// the global error-code page (全局错误码, path/90313 / 90455) as
// synced into go-workwx errcodes/mod.go (2023-08), and
// shared/reference/wecom-dingtalk-api.md §2.2 (48009, 301002, 301005 from
// issues). A code missing here is ClassUnknown (retried a bounded number
// of times by the job runner).
var codes = map[int]codeInfo{
	// Credentials: gettoken's refusals, and tokens refused after the
	// wrapper's one refresh.
	40001: {platform.ClassCredentials, hintSecret}, // 不合法的secret参数
	40091: {platform.ClassCredentials, hintSecret}, // secret不合法 (another corp's)
	40013: {platform.ClassCredentials, hintCorpID}, // 不合法的CorpID
	41002: {platform.ClassCredentials, hintCorpID}, // 缺少corpid参数
	41004: {platform.ClassCredentials, hintSecret}, // 缺少secret参数
	40014: {platform.ClassCredentials, hintToken},  // 不合法的access_token
	42001: {platform.ClassCredentials, hintToken},  // access_token已过期
	41001: {platform.ClassCredentials, hintToken},  // 缺少access_token参数

	// The app, not the object.
	60020:  {platform.ClassPermission, hintIP},      // 不安全的访问IP
	48002:  {platform.ClassPermission, hintAPI},     // API接口无权限调用
	48008:  {platform.ClassPermission, hintAPI},     // 通讯录编辑授权只能调用部分通讯录接口
	48009:  {platform.ClassPermission, hintSyncIP},  // 不再允许通讯录同步助手从新增IP读取通讯录详情
	48006:  {platform.ClassPermission, hintDisable}, // 接口权限被收回
	50003:  {platform.ClassPermission, hintDisable}, // 应用已禁用
	301002: {platform.ClassPermission, hintOther},   // not allow operate another agent with this accesstoken
	40056:  {platform.ClassPermission, hintOther},   // 不合法的agentid

	// Web login: "invalid code" — a login code is good once, for 5 minutes.
	40029: {platform.ClassInvalid, "the login code was used already or is older than 5 minutes: scan again"},

	// Outside the app's visible range.
	60011:  {platform.ClassOutOfRange, hintRange}, // 指定的成员/部门/标签参数无权限
	60021:  {platform.ClassOutOfRange, hintRange}, // userid不在应用可见范围内
	50002:  {platform.ClassOutOfRange, hintRange}, // 成员不在权限范围
	660003: {platform.ClassOutOfRange, hintRange}, // userid不在应用的可见范围
	660004: {platform.ClassOutOfRange, hintRange}, // partyid不在应用的可见范围
	// UserID不存在: WeCom answers it for a deleted member AND for one
	// outside the visible range ("成员不在应用可见范围内", global code page),
	// so it does not say the person left: out of range, never resigned.
	// Leaving is told by the delete_user event or status 5.
	60111: {platform.ClassOutOfRange, hintGone},

	// The object does not exist.
	60003: {platform.ClassNotFound, ""}, // 部门ID不存在
	60123: {platform.ClassNotFound, ""}, // 无效的部门id
	40003: {platform.ClassNotFound, ""}, // 无效的UserID (also: deleted members)
	81013: {platform.ClassNotFound, ""}, // UserID、部门ID、标签ID全部非法或无权限 (message/send)
	60004: {platform.ClassNotFound, ""}, // 父部门不存在
	60124: {platform.ClassNotFound, ""}, // 无效的父部门id

	// Throttling: minute limits block 60 s, hour limits 60 min (path/90454).
	45009: {platform.ClassRateLimit, ""}, // 接口调用超过限制
	45033: {platform.ClassRateLimit, ""}, // 接口并发调用超过限制

	// Worth retrying.
	-1:   {platform.ClassTransient, ""}, // 系统繁忙: "建议重试次数不超过3次"
	6000: {platform.ClassTransient, ""}, // 数据版本冲突: "稍后重试"

	// The request is wrong.
	40058:  {platform.ClassInvalid, ""}, // 不合法的参数
	40063:  {platform.ClassInvalid, ""}, // 参数为空
	40032:  {platform.ClassInvalid, ""}, // 不合法的UserID列表长度 (message: ≤1000)
	60001:  {platform.ClassInvalid, ""}, // 部门长度不符合限制
	60005:  {platform.ClassInvalid, ""}, // 部门下存在成员
	60006:  {platform.ClassInvalid, ""}, // 部门下存在子部门
	60007:  {platform.ClassInvalid, ""}, // 不允许删除根部门
	60008:  {platform.ClassInvalid, ""}, // 部门已存在 (id or name)
	60009:  {platform.ClassInvalid, ""}, // 部门名称含有非法字符
	60010:  {platform.ClassInvalid, ""}, // 部门存在循环关系
	60102:  {platform.ClassInvalid, ""}, // UserID已存在
	60103:  {platform.ClassInvalid, ""}, // 手机号码不合法
	60104:  {platform.ClassInvalid, ""}, // 手机号码已存在
	60105:  {platform.ClassInvalid, ""}, // 邮箱不合法
	60106:  {platform.ClassInvalid, ""}, // 邮箱已存在
	60110:  {platform.ClassInvalid, ""}, // 用户所属部门数量超过限制 (20)
	60112:  {platform.ClassInvalid, ""}, // 成员name参数不合法
	60125:  {platform.ClassInvalid, ""}, // 非法部门名字
	60129:  {platform.ClassInvalid, ""}, // 成员手机和邮箱都为空
	60140:  {platform.ClassInvalid, ""}, // 无效的response_code
	301005: {platform.ClassInvalid, ""}, // 不允许删除创建者
}

// classify returns the class and remedy of an errcode.
func classify(code int) (platform.ErrorClass, string) {
	if c, ok := codes[code]; ok {
		return c.class, c.hint
	}
	return platform.ClassUnknown, ""
}

// classForStatus judges an answer that is not WeCom's by its HTTP status.
func classForStatus(status int) platform.ErrorClass {
	switch {
	case status == http.StatusTooManyRequests:
		return platform.ClassRateLimit
	case status >= 500:
		return platform.ClassTransient
	case status == http.StatusNotFound, status == http.StatusMethodNotAllowed:
		return platform.ClassInvalid
	}
	return platform.ClassUnknown
}
