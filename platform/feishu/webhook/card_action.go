package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"imbridge/platform"
)

// Card callbacks: a click on a card button arrives as the new-style
// callback card.action.trigger (page feishu-cards/card-callback-communication)
// on the app's callback request URL, which the bridge sets to this same
// endpoint: callbacks are encrypted and signed with the app's Encrypt Key
// and carry its Verification Token exactly like events, so they pass the
// same checks before they get here. Then:
//
//   - the button's value must be one the bridge sealed for this app
//     (platform.ActionSigner.Open), and the person who clicked must be the
//     value's recipient (a forwarded card clicked by someone else). Either
//     failing is answered 200 with an error toast — the person sees why —
//     and nothing is delivered;
//   - the callback's event_id is claimed once (a replay is answered {} and
//     not delivered again);
//   - OnCardAction gets the verified platform.CardAction and must only
//     enqueue: Feishu shows an error unless HTTP 200 comes within 3 s, and
//     card callbacks are never retried. Its reply's toast is the answer;
//     the card itself is updated later by the engine (DelayedCardUpdate,
//     after this answer, as Feishu requires).

// CardActionType is the event_type of a card click.
const CardActionType = "card.action.trigger"

// Toasts of refused clicks (the person reads them in the client).
const (
	toastForged    = "这个操作无法识别，请在 OA 中处理"
	toastNotForYou = "这张卡片不是发给你的，无法代为处理"
)

// cardEvent is the part of card.action.trigger the bridge reads.
type cardEvent struct {
	Event struct {
		Operator struct {
			OpenID  string `json:"open_id"`
			UserID  string `json:"user_id"`
			UnionID string `json:"union_id"`
		} `json:"operator"`
		Token  string `json:"token"`
		Action struct {
			Value json.RawMessage `json:"value"`
			Tag   string          `json:"tag"`
		} `json:"action"`
		Context struct {
			OpenMessageID string `json:"open_message_id"`
		} `json:"context"`
	} `json:"event"`
}

// acceptCardAction verifies, de-duplicates and hands over a card click.
func (h *handler) acceptCardAction(ctx context.Context, w http.ResponseWriter, c *call, keys AppKeys, ev Event, createTime string) *rejection {
	var ce cardEvent
	if err := json.Unmarshal(ev.Raw, &ce); err != nil {
		return malformed("card action event does not decode")
	}
	e := ce.Event
	if e.Token == "" || e.Context.OpenMessageID == "" || len(e.Action.Value) == 0 {
		return malformed("card action without token, message id or value")
	}
	v, err := h.p.Actions.Open(keys.FeishuAppID, e.Action.Value)
	op := platform.Operator{OpenID: e.Operator.OpenID, UserID: e.Operator.UserID, UnionID: e.Operator.UnionID}
	switch {
	case err != nil:
		return h.refuseClick(ctx, w, c, "card action value not signed for this app", toastForged)
	case !op.Is(v.Recipient):
		return h.refuseClick(ctx, w, c, "card action by someone other than the card's recipient", toastNotForYou)
	}
	tok, first, err := h.dedupe.claim(ctx, keys.AppID, ev.ID)
	if err != nil {
		return internal("event de-duplication unavailable", err)
	}
	if !first {
		eventsTotal.WithLabelValues(outcomeDuplicate).Inc()
		h.p.Logger.InfoContext(ctx, "feishu card action replayed; not delivered again", c.attrs()...)
		writeJSON(w, http.StatusOK, struct{}{})
		return nil
	}
	action := platform.CardAction{EventID: ev.ID, AppID: keys.FeishuAppID, Operator: op,
		MessageID: e.Context.OpenMessageID, Token: e.Token, Value: v, At: callbackTime(createTime)}
	reply, err := h.p.OnCardAction(ctx, keys, action)
	if err != nil {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseBudget)
		defer cancel()
		if rerr := h.dedupe.release(rctx, keys.AppID, ev.ID, tok); rerr != nil {
			h.p.Logger.ErrorContext(ctx, "feishu card action claim not released", append(c.attrs(), slog.String("error", rerr.Error()))...)
		}
		return &rejection{status: http.StatusInternalServerError, outcome: outcomeDeliverFailed, detail: "card action handler failed", err: err}
	}
	eventsTotal.WithLabelValues(outcomeCardAction).Inc()
	h.p.Logger.DebugContext(ctx, "feishu card action delivered", c.attrs()...)
	writeJSON(w, http.StatusOK, toastAnswer(reply))
	return nil
}

// refuseClick answers a click the bridge will not act on: HTTP 200 (any
// other status only shows the person a generic error) with a toast saying
// why.
func (h *handler) refuseClick(ctx context.Context, w http.ResponseWriter, c *call, why, toast string) *rejection {
	eventsTotal.WithLabelValues(outcomeCardRefused).Inc()
	h.p.Logger.WarnContext(ctx, "feishu card action refused", append(c.attrs(), slog.String("reason", why))...)
	writeJSON(w, http.StatusOK, toastAnswer(platform.CardActionReply{Toast: toast, Kind: platform.ToastError}))
	return nil
}

// toastAnswer is the callback's answer: {} or {"toast":{type,content}}.
func toastAnswer(r platform.CardActionReply) any {
	if r.Toast == "" {
		return struct{}{}
	}
	kind := r.Kind
	if kind == "" {
		kind = platform.ToastInfo
	}
	return map[string]any{"toast": map[string]string{"type": string(kind), "content": r.Toast}}
}

// callbackTime reads header.create_time, which card callbacks give in
// microseconds ("微秒级时间戳") and events in milliseconds.
func callbackTime(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil:
		return time.Time{}
	case n > 1e14:
		return time.UnixMicro(n)
	}
	return time.UnixMilli(n)
}

// errNoSigner is NewHandler's complaint about OnCardAction without Actions.
var errNoSigner = errors.New("feishu webhook: OnCardAction needs Actions (the action signer)")
