package feishu

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkim "github.com/larksuite/oapi-sdk-go/v3/service/im/v1"

	"imbridge/platform"
)

// isBatchID: batch_send's message ids start with "bm-" ("以 bm- 开头（与一般
// 的消息 ID om_ 不同，注意区分）").
func isBatchID(id string) bool { return strings.HasPrefix(id, "bm-") }

// UpdateCard: PATCH /open-apis/im/v1/messages/:message_id (SDK
// Im.V1.Message.Patch; page im-v1/message-card/patch), body {"content":
// card JSON}. Only cards this app sent, shared (update_multi true) before
// and after — every card RenderCard makes is — at most 30 KB, within 14
// days of sending, not batch messages (refused here, ErrNotUpdatable).
// Limits 1000/min & 50/s per app and 5 per second per message
// (APIPatchPerMessage). Setting absolute content, a repeat changes
// nothing, so 5xx and lost replies are retried.
//
// Refusals: 230031 older than 14 days (ErrTooLate: the engine records the
// completion as too late); 230011 recalled / 230110 deleted
// (ErrMessageGone); 230001 not a card, not shared, or an unknown id;
// 230025 too large; 230027 another app's message.
func (c *Client) UpdateCard(ctx context.Context, messageID string, card platform.Card) error {
	if messageID == "" {
		return errRefused("update card", "the message id is required")
	}
	if isBatchID(messageID) {
		return fmt.Errorf("feishu update card %s: %w: batch messages cannot be updated", messageID, platform.ErrNotUpdatable)
	}
	content, err := c.RenderCard(card)
	if err != nil {
		return err
	}
	body := larkim.NewPatchMessageReqBodyBuilder().Content(content).Build()
	err = c.msgCall(ctx, APIPatchMessage, &pace{APIPatchPerMessage, messageID},
		func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			r, err := c.lark.Im.V1.Message.Patch(ctx, larkim.NewPatchMessageReqBuilder().MessageId(messageID).Body(body).Build())
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			return r.ApiResp, r.CodeError, nil
		})
	if err != nil {
		return fmt.Errorf("feishu update card %s: %w", messageID, err)
	}
	return nil
}

// Recall: a message Send sent, DELETE /open-apis/im/v1/messages/:message_id
// (SDK Im.V1.Message.Delete; page im-v1/message/delete); a batch (bm-…),
// DELETE /open-apis/im/v1/batch_messages/:batch_message_id (SDK
// Im.V1.BatchMessage.Delete; page im-v1/batch_message/delete, asynchronous,
// scope im:message:send_multi_users). Limits 1000/min & 50/s per app.
// Recalling a recalled message (230011) succeeds, so a retry after a lost
// reply does too. Refusals: 230009 older than the tenant's recall limit
// (ErrTooLate), 230026 another bot's message, 230030 an unknown batch.
func (c *Client) Recall(ctx context.Context, messageID string) error {
	if messageID == "" {
		return errRefused("recall", "the message id is required")
	}
	api := APIDeleteMessage
	call := func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		r, err := c.lark.Im.V1.Message.Delete(ctx, larkim.NewDeleteMessageReqBuilder().MessageId(messageID).Build())
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		return r.ApiResp, r.CodeError, nil
	}
	if isBatchID(messageID) {
		api = APIBatchRecall
		call = func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			r, err := c.lark.Im.V1.BatchMessage.Delete(ctx, larkim.NewDeleteBatchMessageReqBuilder().BatchMessageId(messageID).Build())
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			return r.ApiResp, r.CodeError, nil
		}
	}
	err := c.msgCall(ctx, api, nil, call)
	if platformCode(err) == codeRecalled {
		return nil
	}
	if err != nil {
		return fmt.Errorf("feishu recall %s: %w", messageID, err)
	}
	return nil
}

// codeRecalled: "The message is recalled."
const codeRecalled = 230011

// cardUpdatePath is card/update's path; not in SDK v3.5.4 (raw Post).
const cardUpdatePath = "/open-apis/interactive/v1/card/update"

// DelayedCardUpdate: POST /open-apis/interactive/v1/card/update (page
// im-v1/message-card/delay-update-message-card), body {"token", "card"}:
// replaces the card a person clicked, with the token of that callback.
// The token lives 30 minutes and serves 2 updates; the update must come
// after the callback was answered ("并行执行或提前执行会出现更新失败或更新后
// 立即复原"), so the engine runs it from a job started after the handler
// answered, not inside the handler. Scope im:message or
// im:message:send_as_bot. Limits 1000/min & 50/s per app.
//
// A retry after a lost reply uses the token's second life; should that be
// gone too, the answer is ErrCallbackTokenInvalid like an expired token,
// and the engine falls back to UpdateCard with the message id, which is
// idempotent. Refusals: 300020 / 300030 / 300040 not a token, expired,
// used up (ErrCallbackTokenInvalid); 200000 recalled (ErrMessageGone);
// 300090 not shared; 200310 another app's card; 11311 / 10002 bad card.
func (c *Client) DelayedCardUpdate(ctx context.Context, token string, card platform.Card) error {
	if token == "" {
		return errRefused("delayed card update", "the callback token is required")
	}
	content, err := c.RenderCard(card)
	if err != nil {
		return err
	}
	body := map[string]any{"token": token, "card": json.RawMessage(content)}
	err = c.msgCall(ctx, APICardUpdate, nil, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		r, err := c.lark.Post(ctx, cardUpdatePath, body, larkcore.AccessTokenTypeTenant)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		var ce larkcore.CodeError
		if err := json.Unmarshal(r.RawBody, &ce); err != nil {
			return nil, larkcore.CodeError{}, fmt.Errorf("card/update answer: %w", err)
		}
		return r, ce, nil
	})
	if err != nil {
		return fmt.Errorf("feishu delayed card update: %w", err)
	}
	return nil
}
