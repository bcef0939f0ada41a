package feishu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"

	"imbridge/platform"
)

// batchSendPath is batch_send's path; the SDK v3.5.4 has no method for
// it, so it goes through the SDK's raw Post (the same token handling).
const batchSendPath = "/open-apis/message/v4/batch_send/"

// SendBatch: POST /open-apis/message/v4/batch_send/ (page
// im-v1/batch_message/send-messages-in-batches), body msg_type (text or
// post), content (an object: {"text"} or {"post": {"zh_cn": …}}) and
// open_ids / user_ids / union_ids, each at most 200. Scopes im:message or
// im:message:send_as_bot, plus im:message:send_multi_users. Limits
// 1000/min & 50/s per app; 500,000 messages a day per app (11247, class
// rate limit). Feishu answers at once with the batch id (bm-…) and the
// ids it refused (invalid_*_ids), then delivers asynchronously; bm-
// messages can be recalled (Recall) but never updated.
//
// Not idempotent: batch_send has no uuid. The call is retried only when
// Feishu certainly did not apply it (429, a refused token, a failed
// connection); once the request may have reached Feishu (an HTTP 5xx, a
// timeout, a cut connection, the context ending in flight) the error is
// platform.ErrUnconfirmed and nothing is repeated: the engine decides
// (for an announcement, better one missed than two sent).
//
// Refusals (HTTP 200 with the code): 10003 a bad parameter, 11203 / 11204
// no batch permission, 11246 bad content, 11247 the daily quota.
func (c *Client) SendBatch(ctx context.Context, b platform.Batch) (platform.BatchSent, error) {
	lists := map[platform.IDType][]string{}
	for _, r := range b.To {
		if err := r.Check(); err != nil {
			return platform.BatchSent{}, errRefused("batch send", "%v", err)
		}
		lists[r.Type] = append(lists[r.Type], r.ID)
	}
	if len(lists) == 0 {
		return platform.BatchSent{}, errRefused("batch send", "no recipients")
	}
	for t, ids := range lists {
		if len(ids) > platform.MaxBatchRecipients {
			return platform.BatchSent{}, errRefused("batch send", "%d recipients by %s: at most %d per id type", len(ids), t, platform.MaxBatchRecipients)
		}
	}
	body := map[string]any{}
	switch b.Type {
	case platform.MessageText:
		if b.Text == "" {
			return platform.BatchSent{}, errRefused("batch send", "the text is empty")
		}
		body["msg_type"], body["content"] = "text", map[string]string{"text": b.Text}
	case platform.MessagePost:
		p, err := postContent(b.Post)
		if err != nil {
			return platform.BatchSent{}, err
		}
		body["msg_type"], body["content"] = "post", map[string]any{"post": map[string]any{"zh_cn": p}}
	default:
		return platform.BatchSent{}, errRefused("batch send", "message type %q: batches are text or post (cards must stay updatable: send them one by one)", b.Type)
	}
	content, _ := json.Marshal(body["content"])
	if limit := map[string]int{"text": maxTextBytes, "post": maxCardBytes}[body["msg_type"].(string)]; len(content) > limit {
		return platform.BatchSent{}, tooLarge("batch send", "content", len(content), limit)
	}
	for t, ids := range lists {
		body[string(t)+"s"] = ids
	}

	var out struct {
		larkcore.CodeError
		Data struct {
			MessageID string   `json:"message_id"`
			OpenIDs   []string `json:"invalid_open_ids"`
			UserIDs   []string `json:"invalid_user_ids"`
			UnionIDs  []string `json:"invalid_union_ids"`
		} `json:"data"`
	}
	started := false
	err := c.do(ctx, APIBatchSend, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		started = true
		r, err := c.lark.Post(ctx, batchSendPath, body, larkcore.AccessTokenTypeTenant)
		if err != nil {
			if notApplied(err) {
				return nil, larkcore.CodeError{}, err
			}
			return nil, larkcore.CodeError{}, unconfirmed(err.Error())
		}
		if r.StatusCode >= http.StatusInternalServerError {
			return nil, larkcore.CodeError{}, unconfirmed(fmt.Sprintf("HTTP %d", r.StatusCode))
		}
		out.CodeError = larkcore.CodeError{}
		if err := json.Unmarshal(r.RawBody, &out); err != nil {
			return nil, larkcore.CodeError{}, unconfirmed("the answer does not decode")
		}
		return r, out.CodeError, nil
	})
	if err != nil && started && ctx.Err() != nil && !errors.Is(err, platform.ErrUnconfirmed) {
		err = fmt.Errorf("%w: the context ended with the request in flight: %w", platform.ErrUnconfirmed, ctx.Err())
	}
	if err != nil {
		return platform.BatchSent{}, fmt.Errorf("feishu batch send: %w", messageError(APIBatchSend, err))
	}
	if !strings.HasPrefix(out.Data.MessageID, "bm-") {
		return platform.BatchSent{}, fmt.Errorf("feishu batch send: answer without a batch id (%q)", out.Data.MessageID)
	}
	res := platform.BatchSent{BatchID: out.Data.MessageID}
	for t, ids := range map[platform.IDType][]string{platform.IDOpenID: out.Data.OpenIDs, platform.IDUserID: out.Data.UserIDs, platform.IDUnionID: out.Data.UnionIDs} {
		for _, id := range ids {
			res.Invalid = append(res.Invalid, platform.Recipient{Type: t, ID: id})
		}
	}
	return res, nil
}

// notApplied says whether a failed request certainly never reached the
// platform, or was refused before being applied: a failed dial, or a
// throttling answer that is not the platform's JSON.
func notApplied(err error) bool {
	var df *larkcore.DialFailedError
	var na *notAPIResponse
	return errors.As(err, &df) || (errors.As(err, &na) && na.status == http.StatusTooManyRequests)
}

// unconfirmed is ErrUnconfirmed with what happened. It deliberately keeps
// the cause out of the error chain, so the wrapper's retry logic (which
// retries transport errors) sees no transport error to retry.
func unconfirmed(what string) error {
	return fmt.Errorf("%w (%s)", platform.ErrUnconfirmed, strings.ReplaceAll(what, "content-type not json", "not JSON"))
}
