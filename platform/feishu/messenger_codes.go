package feishu

import (
	"errors"
	"fmt"

	"imbridge/platform"
)

// The messaging APIs' codes (platform.Messenger), from the error table of
// each page (open.feishu.cn server-docs: im-v1/message/create, message-card
// patch, message/delete, batch_message send and delete, message-card
// delay-update; read through the doc mirror wxkingstar/doc-hub-mcp) and the
// messaging FAQ's throttling table. They join the one table (codes.go) at
// init: a code already there keeps its meaning, which init checks, so a
// code has one meaning for every API. The two codes whose meaning depends
// on the API (10002, 10003) are judged per API by apiCodes.

// Remedies of the message codes, naming the consoles' own labels.
const (
	hintAvailability = "the person is outside the app's availability (可用范围), set as a disabled member (禁用成员), or has resigned: add them in the developer console (应用发布 › 版本管理与发布 › 可用范围) and publish, or lift 禁用成员 in the admin console (工作台 › 应用管理)"
	hintBotBlocked   = "the person stopped the app's bot from sending messages, or the chat's settings refuse it"
	hintMultiUsers   = "the app lacks batch sending: enable 给多个用户批量发消息 (im:message:send_multi_users) or 给一个或多个部门的成员批量发消息 (im:message:send_multi_depts) in the developer console (开发配置 › 权限管理), then publish a new version"
	hintMsgScope     = "the app may not do this with messages: check its message permissions (开发配置 › 权限管理, im:message…) and that it sent the message itself"
	hintCardTooOld   = "Feishu updates cards only within 14 days of sending"
)

var messageCodes = map[int]codeInfo{
	// The recipient.
	230013: {platform.ClassOutOfRange, hintAvailability},
	230029: {platform.ClassNotFound, "the person has resigned"},
	230034: {platform.ClassNotFound, "the receive_id is not a person this app knows (an open_id of another app?)"},
	230035: {platform.ClassOutOfRange, hintBotBlocked},
	230053: {platform.ClassOutOfRange, hintBotBlocked},
	// The request or the content.
	230001: {platform.ClassInvalid, ""},
	230025: {platform.ClassInvalid, "the content is over Feishu's limit: 150 KB for text, 30 KB for rich text and cards"},
	230022: {platform.ClassInvalid, "Feishu found sensitive content in the message"},
	230028: {platform.ClassInvalid, "the tenant's data-leak policy refused the content (plain phone numbers, e-mail addresses…)"},
	230038: {platform.ClassInvalid, ""},
	230099: {platform.ClassInvalid, "Feishu could not build the card from its JSON"},
	230027: {platform.ClassPermission, hintMsgScope},
	// Updates and recalls.
	230031: {platform.ClassInvalid, hintCardTooOld},
	230009: {platform.ClassInvalid, "the message is older than the tenant's recall limit"},
	230011: {platform.ClassNotFound, "the message was recalled"},
	230110: {platform.ClassNotFound, "the message was deleted"},
	230026: {platform.ClassInvalid, "a bot can recall only its own messages"},
	230030: {platform.ClassNotFound, "no such batch message"},
	// Throttling: 230020 is the per-chat limit, 5 QPS to one person (and 5
	// updates a second of one message).
	230020: {platform.ClassRateLimit, ""},
	230049: {platform.ClassTransient, ""}, // "The message is being sent."
	// message/v4/batch_send (HTTP 200 with these).
	11101: {platform.ClassInvalid, ""}, // "Open_id not exist."
	11203: {platform.ClassPermission, hintMultiUsers},
	11204: {platform.ClassPermission, hintMultiUsers},
	11205: {platform.ClassPermission, "the app's bot ability is off: enable it in the developer console (应用能力 › 机器人) and publish a new version"},
	11207: {platform.ClassPermission, hintAppOff},
	11209: {platform.ClassPermission, hintAppOff},
	11210: {platform.ClassPermission, hintAppOff},
	11223: {platform.ClassPermission, hintMsgScope},
	11227: {platform.ClassInvalid, ""},
	11246: {platform.ClassInvalid, ""},
	11312: {platform.ClassInvalid, ""},
	// interactive/v1/card/update.
	11311:  {platform.ClassInvalid, "Feishu could not build the card from its JSON"},
	100000: {platform.ClassInvalid, "the card is over Feishu's size limit"},
	100030: {platform.ClassInvalid, ""},
	200000: {platform.ClassNotFound, "the card was recalled"},
	200310: {platform.ClassInvalid, "a card can be updated only by the app that sent it"},
	200320: {platform.ClassInvalid, ""},
	300020: {platform.ClassInvalid, "not a card callback token"},
	300030: {platform.ClassInvalid, "the card callback token expired (30 minutes)"},
	300040: {platform.ClassInvalid, "the card callback token was used twice already"},
	300090: {platform.ClassInvalid, "the card must be shared (config.update_multi: true)"},
}

func init() {
	for code, info := range messageCodes {
		if _, dup := codes[code]; dup {
			panic(fmt.Sprintf("feishu: code %d is in codes.go and in messenger_codes.go", code))
		}
		codes[code] = info
	}
}

// apiCodes are the codes whose meaning depends on the API: batch_send's
// 10003 "Invalid parameter." and 10002 "Create or send message fail.",
// card/update's 10002 "card 参数校验错误" — the token endpoint answers 10003
// for missing credentials (codes.go).
var apiCodes = map[string]map[int]codeInfo{
	APIBatchSend:  {10003: {platform.ClassInvalid, ""}, 10002: {platform.ClassInvalid, ""}},
	APICardUpdate: {10002: {platform.ClassInvalid, "Feishu refused the card's fields"}},
}

// sentinels give the codes the engine acts on their platform-neutral error.
var sentinels = map[int]error{
	230031: platform.ErrTooLate,
	230009: platform.ErrTooLate,
	230011: platform.ErrMessageGone,
	230110: platform.ErrMessageGone,
	200000: platform.ErrMessageGone,
	300020: platform.ErrCallbackTokenInvalid,
	300030: platform.ErrCallbackTokenInvalid,
	300040: platform.ErrCallbackTokenInvalid,
	300090: platform.ErrNotUpdatable,
	230025: platform.ErrContentTooLarge,
	100000: platform.ErrContentTooLarge,
}

// messageError reclassifies a refusal of api by apiCodes and wraps it with
// its sentinel: errors.Is finds the sentinel, errors.As the *platform.Error.
func messageError(api string, err error) error {
	var pe *platform.Error
	if err == nil || !errors.As(err, &pe) {
		return err
	}
	if info, ok := apiCodes[api][pe.Code]; ok {
		pe.Class, pe.Hint = info.class, info.hint
	}
	if s, ok := sentinels[pe.Code]; ok {
		return fmt.Errorf("%w: %w", s, err)
	}
	return err
}
