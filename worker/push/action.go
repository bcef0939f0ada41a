package push

import (
	"context"
	"fmt"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
	"imbridge/platform"
	"imbridge/worker/webhook"
)

// ActionEvent is the data of the message.action webhook: a person's
// quick-approval decision on a to-do card (docs/oa-webhooks.md).
type ActionEvent struct {
	MessageID      int    `json:"message_id"`
	IdempotencyKey string `json:"idempotency_key"`
	TodoKey        string `json:"todo_key,omitempty"`
	Source         string `json:"source"`
	// User is the OA user id of the person who decided.
	User     string `json:"user"`
	Decision string `json:"decision"` // approve, reject
	// Via is where the person decided: "card" (the to-do card's buttons)
	// or "approval_center" (the IM's approval center).
	Via string `json:"via"`
	// Comment is the reason the person wrote (approval center; optional).
	Comment string `json:"comment,omitempty"`
}

// Where a decision was taken (ActionEvent.Via).
const (
	ViaCard           = "card"
	ViaApprovalCenter = "approval_center"
)

// Toasts answering a click (the person reads them in the client).
const (
	toastSent    = "已提交，正在通知 OA"
	toastDone    = "该待办已处理"
	toastUnknown = "找不到这条待办，请在 OA 中处理"
)

// OnCardAction takes a verified quick-approval click (the callback
// handler checked the signature, the button's seal and that the clicker is
// the card's recipient): it records the decision, queues the signed
// message.action webhook to the OA in the same transaction, and schedules
// the card's update with the click's token. It only writes and enqueues:
// Feishu wants the answer within 3 s. A second click of the same decision
// changes nothing; after a decision the card no longer has buttons.
func (e *Engine) OnCardAction(ctx context.Context, tenantID, appID int, a platform.CardAction) (platform.CardActionReply, error) {
	ctx = viewer.System(ctx, "push", tenantID)
	msgID, err := strconv.Atoi(a.Value.Message)
	if err != nil {
		return platform.CardActionReply{Toast: toastUnknown, Kind: platform.ToastWarning}, nil
	}
	d, err := e.p.DB.Delivery.Query().Where(delivery.MessageID(msgID), delivery.AppID(appID),
		delivery.ReceiveIDType(string(a.Value.Recipient.Type)), delivery.ReceiveID(a.Value.Recipient.ID)).WithMessage().First(ctx)
	if ent.IsNotFound(err) {
		return platform.CardActionReply{Toast: toastUnknown, Kind: platform.ToastWarning}, nil
	}
	if err != nil {
		return platform.CardActionReply{}, err
	}
	m := d.Edges.Message
	if m.TodoState == message.TodoStateDone || m.Status == message.StatusRecalled || (d.Action != "" && d.Action != a.Value.Decision) {
		return platform.CardActionReply{Toast: toastDone, Kind: platform.ToastInfo}, nil
	}
	tx, err := e.p.DB.Tx(ctx)
	if err != nil {
		return platform.CardActionReply{}, err
	}
	txctx := ent.NewTxContext(ctx, tx)
	if err := tx.Delivery.UpdateOneID(d.ID).SetAction(a.Value.Decision).Exec(txctx); err != nil {
		_ = tx.Rollback()
		return platform.CardActionReply{}, err
	}
	if e.p.Webhooks != nil {
		_, err = e.p.Webhooks.Enqueue(txctx, tenantID, webhook.Event{
			ID:      fmt.Sprintf("push-action-%d-%s", d.ID, a.Value.Decision),
			Type:    webhook.TypeMessageAction,
			Subject: "message:" + strconv.Itoa(m.ID),
			Payload: ActionEvent{MessageID: m.ID, IdempotencyKey: m.IdempotencyKey, TodoKey: m.TodoKey, Source: m.Source,
				User: d.Recipient, Decision: a.Value.Decision, Via: ViaCard},
			OccurredAt: a.At,
		})
		if err != nil {
			_ = tx.Rollback()
			return platform.CardActionReply{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return platform.CardActionReply{}, err
	}
	if e.p.ScheduleCard != nil {
		if err := e.p.ScheduleCard(context.WithoutCancel(ctx), tenantID, d.ID, a.Token); err != nil {
			e.p.Logger.Warn("push: scheduling the card's update", "delivery", d.ID, "err", err)
		}
	}
	return platform.CardActionReply{Toast: toastSent, Kind: platform.ToastSuccess}, nil
}

// UpdateClickedCard is the job after a click: the card shows the decision
// (buttons gone), through the click's token, or by patching the message
// when the token is no longer good.
func (e *Engine) UpdateClickedCard(ctx context.Context, tenantID, deliveryID int, token string) error {
	ctx = viewer.System(ctx, "push", tenantID)
	d, err := e.p.DB.Delivery.Query().Where(delivery.ID(deliveryID)).WithMessage().Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	s, err := e.newSender(ctx, d.Edges.Message)
	if err != nil {
		return err
	}
	msgr, ok := s.msgrs[d.AppID]
	if !ok {
		return nil
	}
	c := *content(d.Edges.Message, s.targets[d.TargetKey], d).Card
	if token != "" {
		if err := msgr.DelayedCardUpdate(ctx, token, c); err == nil {
			return nil
		}
	}
	return msgr.UpdateCard(ctx, d.PlatformMessageID, c)
}
