package feishu

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"imbridge/platform"
	"imbridge/platform/ratelimit"
)

// platform.Messenger on Feishu: messenger_send.go (im/v1/messages create),
// messenger_batch.go (message/v4/batch_send), messenger_update.go (patch,
// recall, interactive/v1/card/update), messenger_card*.go (cards),
// messenger_codes.go (refusals). Every call goes through do (call.go): the
// shared limiter, token eviction, 429 and 5xx retries.

// The message APIs: method and path as the SDK's apiReq.ApiPath (batch_send
// and card/update are not in SDK v3.5.4 and go through the SDK's raw
// Post). APICreateMessage is in client.go.
const (
	APIPatchMessage  = "PATCH /open-apis/im/v1/messages/:message_id"
	APIDeleteMessage = "DELETE /open-apis/im/v1/messages/:message_id"
	APIBatchSend     = "POST /open-apis/message/v4/batch_send/"
	APIBatchRecall   = "DELETE /open-apis/im/v1/batch_messages/:batch_message_id"
	APICardUpdate    = "POST /open-apis/interactive/v1/card/update"
	// APIMessagePerRecipient and APIPatchPerMessage are budgets, not paths:
	// every send to one person (one p2p chat of this app's bot) and every
	// update of one message also draw on a budget of its own, keyed by
	// the person or the message.
	APIMessagePerRecipient = "POST /open-apis/im/v1/messages (per recipient)"
	APIPatchPerMessage     = "PATCH /open-apis/im/v1/messages/:message_id (per message)"
)

// messageLimits are the message APIs' documented tiers besides
// DefaultLimits (1000/min & 50/s per app, on every page here):
//
//   - create: "向同一用户发送消息的限频为 5 QPS" — per app and person (the
//     bot's p2p chat with them). Paced as 5 per second (GCRA keeps one
//     call of slack: 4 a second evenly, so Feishu never counts 5 in a
//     second); a 230020 that still comes is waited out and retried;
//   - patch: "单条消息更新频控为 5 QPS", per message;
//   - batch_send: also "单个应用每天 … 不能超过 50 万条" — a count of
//     messages, not calls, which the limiter cannot weigh: Feishu's 11247
//     says when it is reached (class rate limit).
var messageLimits = map[string][]ratelimit.Limit{
	APIMessagePerRecipient: {ratelimit.PerSecond(5)},
	APIPatchPerMessage:     {ratelimit.PerSecond(5)},
}

func init() {
	for api, l := range messageLimits {
		documentedLimits[api] = l
	}
}

var _ platform.Messenger = (*Client)(nil)

// Content size limits (create page, content: "文本消息请求体最大不能超过
// 150 KB；卡片消息、富文本消息请求体最大不能超过 30 KB"), checked on the
// content before sending so an oversized message fails with the field named.
const (
	maxTextBytes = 150 << 10
	maxCardBytes = 30 << 10
)

// frequencyRetries bounds the retries of a call refused with 230020.
const frequencyRetries = 5

// pace is a budget a message call draws on besides its API's: the api's
// limits under its own key plus id (a person, a message).
type pace struct{ api, id string }

// msgCall runs one message API call through doPaced and retries 230020
// (the per-chat limit) after its one-second window. The refusal it
// returns carries its sentinel (messageError).
//
// With a pace, every attempt takes one slot of the app's budget and one of
// the person's or message's, together (Client.wait): a call queued behind
// others to the same person waits without holding an app slot, and a call
// queued behind the app's budget holds no person slot going stale. An
// earlier version took the person's slot first and, when the app's budget
// had kept the call waiting, took both again: every retake cost the app's
// 1000/min a slot, and long runs went at about a third of the budget.
func (c *Client) msgCall(ctx context.Context, api string, p *pace, call sdkCall) error {
	for n := 1; ; n++ {
		err := c.doPaced(ctx, api, p, call)
		if platformCode(err) == codeChatFrequency && n <= frequencyRetries {
			wait := time.Second + rand.N(250*time.Millisecond)
			c.log.WarnContext(ctx, "feishu per-chat limit (230020), waiting", "api", api, "wait", wait)
			if err := ctxSleep(ctx, wait); err != nil {
				return fmt.Errorf("feishu %s: waiting out 230020: %w", api, err)
			}
			continue
		}
		return messageError(api, err)
	}
}

// codeChatFrequency: "This operation triggers the frequency limit."
const codeChatFrequency = 230020

// messageUUID derives create's uuid from the delivery's key: a UUID (v5)
// of 36 characters, within the field's 50, the same for every retry.
func messageUUID(key string) string { return clientToken("message", key) }

// errRefused marks an input refused before anything was sent.
func errRefused(op, format string, args ...any) error {
	return fmt.Errorf("feishu %s: %s", op, fmt.Sprintf(format, args...))
}

// tooLarge is ErrContentTooLarge for content checked before sending.
func tooLarge(op, what string, n, limit int) error {
	return fmt.Errorf("feishu %s: %w: the %s is %d bytes, Feishu allows %d KB", op, platform.ErrContentTooLarge, what, n, limit>>10)
}
