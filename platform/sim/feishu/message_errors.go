package feishu

import "net/http"

// Codes of the messaging APIs, each from the error table of the page that
// answers it (open.feishu.cn server-docs, read through the doc mirror
// wxkingstar/doc-hub-mcp, pages dated 2024-11 to 2025-09):
//
//	im/v1/messages create            230001 230006 230013 230020 230025 230029 230034 230099 (HTTP 400)
//	im/v1/messages/:id patch          230001 230011 230013 230020 230025 230027 230031 230099 230110
//	im/v1/messages/:id delete         230001 230009 230026 230027 230054 230110
//	message/v4/batch_send             10002 10003 11101 11203 11204 11246 11247 (HTTP 200)
//	im/v1/batch_messages/:id delete   230001 230009 230026 230030
//	interactive/v1/card/update        10002 11311 100000 200000 200310 300020 300030 300040 300090
//
// 230020 is the per-chat limit, 5 QPS, "向同一用户发送消息的限频为 5 QPS"
// (the FAQ 频控错误码: "单群发消息的 QPS 不超过 5 QPS"); a p2p chat is one
// bot and one user, so it is the per-recipient limit, and patch's "单条消息
// 更新频控为 5 QPS" answers it too. 99991400 (HTTP 429) stays the gateway's
// per-app limit.
//
// Where the pages name no code, the simulator decides and says so with
// UNVERIFIED at the use: a patch of a card not sent with update_multi, of
// a batch message, of an unknown message id; a recall of a recalled one;
// batch_send over 200 ids or content over the limit.
const (
	CodeMsgInvalidParam     = 230001 // "Your request contains an invalid request parameter."
	CodeMsgBotOff           = 230006 // "Bot ability is not activated."
	CodeMsgRecallExpired    = 230009 // "Message has expired when recall message."
	CodeMsgRecalled         = 230011 // "The message is recalled."
	CodeMsgNoAvailability   = 230013 // "Bot has NO availability to this user." (also resigned users)
	CodeMsgFrequency        = 230020 // "This operation triggers the frequency limit."
	CodeMsgTooLong          = 230025 // "The length of the message content reaches its limit."
	CodeMsgRecallDenied     = 230026 // "No permission to recall this message."
	CodeMsgNoPermission     = 230027 // "Lack of necessary permissions."
	CodeMsgUserResigned     = 230029 // "User has resigned."
	CodeMsgBatchNotFound    = 230030 // "The message id is invalid, record not found."
	CodeMsgUpdateExpired    = 230031 // "Message can only be modified within 14 days after sending."
	CodeMsgReceiveIDInvalid = 230034 // "The receive_id is invalid."
	CodeMsgCardContent      = 230099 // "Failed to create card content."

	// message/v4/batch_send (HTTP 200 with these codes).
	CodeBatchSendFailed     = 10002 // "Create or send message fail."
	CodeBatchInvalidParam   = 10003 // "Invalid parameter."
	CodeBatchNoMultiUsers   = 11203 // "Send employee ids permission denied."
	CodeBatchNoMultiDepts   = 11204 // "Send department list permission denied."
	CodeBatchContentFail    = 11246 // "Create message content fail."
	CodeBatchDailyQuota     = 11247 // "Internal send message trigger rate limit." (500k a day)
	CodeCardTokenBadFormat  = 300020
	CodeCardTokenExpired    = 300030
	CodeCardTokenUsedUp     = 300040
	CodeCardNotShared       = 300090 // "独享卡片必须填写 open_ids 字段"
	CodeCardRecalled        = 200000 // "该消息卡片已被撤回"
	CodeCardOtherApp        = 200310 // "无法更新其他应用发送的卡片"
	CodeCardTooLarge        = 100000 // "卡片内容转换后超过 100 KB"
	CodeCardFormat          = 11311  // "卡片格式不符合要求"
	codeCardParseSubcode    = 200621 // 230099's sub-code: "parse card json err"
	codeCardTemplateMissing = 200380 // 230099's sub-code: "template does not exist"
)

// Scopes of the batch APIs (batch_send, batch recall): "给多个用户批量发消息"
// and "给一个或多个部门的成员批量发消息".
const (
	ScopeSendMultiUsers = "im:message:send_multi_users"
	ScopeSendMultiDepts = "im:message:send_multi_depts"
)

// Scope sets of the message APIs: any one suffices ("开启其中任意一项").
var (
	scopesMessageSend   = []string{ScopeMessage, ScopeMessageSendAsBot, "im:message:send"}
	scopesMessageUpdate = []string{ScopeMessage, ScopeMessageSendAsBot, "im:message:update"}
	scopesMessageRecall = []string{ScopeMessage, ScopeMessageSendAsBot, "im:message:recall"}
	scopesBatchRecall   = []string{ScopeSendMultiUsers, ScopeSendMultiDepts}
)

func errMsg(code int, msg string, ext string) *Error {
	if ext != "" {
		msg += " ext=" + ext
	}
	return newErr(http.StatusBadRequest, code, "%s", msg)
}

func errMsgParam(ext string) *Error {
	return errMsg(CodeMsgInvalidParam, "Your request contains an invalid request parameter.", ext)
}

func errMsgFrequency() *Error {
	return errMsg(CodeMsgFrequency, "This operation triggers the frequency limit.", "")
}

func errMsgTooLong() *Error {
	return errMsg(CodeMsgTooLong, "The length of the message content reaches its limit.", "")
}

// errBatch is batch_send's refusal: HTTP 200, only the code says what.
func errBatch(code int, msg string) *Error {
	return newErr(http.StatusOK, code, "%s", msg)
}

// errCard is card/update's refusal. The page gives no HTTP status; the
// legacy interactive API answers 200 like batch_send (UNVERIFIED).
func errCard(code int, msg string) *Error {
	return newErr(http.StatusOK, code, "%s", msg)
}
