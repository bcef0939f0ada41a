package push

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"imbridge/ent"
	"imbridge/ent/approvalinstance"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/platform"
	"imbridge/worker/webhook"
)

// Messages the approver reads when the bridge refuses an approval-center
// action (Feishu shows them above the task).
const (
	approvalMsgUnknown  = "找不到这项审批，请在 OA 中处理"
	approvalMsgDone     = "这项审批已处理，无需再次操作"
	approvalMsgNotYours = "这项审批不是你的，无法代为处理"
)

// OnApprovalAction takes a verified approve / reject from the approval
// center of an app (the callback handler checked the token, the task's
// seal and that the operator is the task's approver): like a quick-approval
// click, it records the decision on the approver's delivery and queues the
// signed message.action webhook to the OA in one transaction, then
// schedules the instance's sync so the center shows the decision. It only
// writes and enqueues (Feishu waits 10 s at most). The instance is looked
// up in the app's tenant only: an action can never reach another tenant's
// to-do. A decision on a to-do that ended, or another decision than the
// one the approver took, is refused with a message the approver reads.
func (e *Engine) OnApprovalAction(ctx context.Context, tenantID, appID int, a platform.ApprovalAction) (platform.ApprovalActionReply, error) {
	ctx = systemCtx(ctx, tenantID)
	db := e.p.DB
	row, err := db.ApprovalInstance.Query().Where(approvalinstance.AppID(appID), approvalinstance.InstanceID(a.Task.Instance)).Only(ctx)
	if ent.IsNotFound(err) {
		return platform.ApprovalActionReply{Refusal: approvalMsgUnknown}, nil
	}
	if err != nil {
		return platform.ApprovalActionReply{}, err
	}
	id := deliveryOfTask(a.Task.Task)
	d, err := db.Delivery.Query().Where(delivery.ID(id), delivery.MessageID(row.MessageID), delivery.AppID(appID),
		delivery.MessageTypeEQ(delivery.MessageTypeApproval)).WithMessage().Only(ctx)
	if ent.IsNotFound(err) {
		return platform.ApprovalActionReply{Refusal: approvalMsgUnknown}, nil
	}
	if err != nil {
		return platform.ApprovalActionReply{}, err
	}
	if d.ReceiveID != a.Operator || d.ReceiveIDType != "user_id" {
		return platform.ApprovalActionReply{Refusal: approvalMsgNotYours}, nil
	}
	decision := strings.ToLower(string(a.Decision))
	m := d.Edges.Message
	switch {
	case d.Action == decision:
		return platform.ApprovalActionReply{}, nil // the same decision again: already forwarded
	case m.TodoState == message.TodoStateDone || m.Status == message.StatusRecalled || d.Action != "":
		return platform.ApprovalActionReply{Refusal: approvalMsgDone}, nil
	}
	tx, err := db.Tx(ctx)
	if err != nil {
		return platform.ApprovalActionReply{}, err
	}
	txctx := ent.NewTxContext(ctx, tx)
	n, err := tx.Delivery.Update().Where(delivery.ID(d.ID), delivery.Or(delivery.ActionIsNil(), delivery.Action(""))).
		SetAction(decision).Save(txctx)
	if err == nil && n == 0 {
		_ = tx.Rollback()
		return platform.ApprovalActionReply{Refusal: approvalMsgDone}, nil // another decision won the race
	}
	if err == nil && e.p.Webhooks != nil {
		_, err = e.p.Webhooks.Enqueue(txctx, tenantID, webhook.Event{
			ID:      fmt.Sprintf("push-action-%d-%s", d.ID, decision),
			Type:    webhook.TypeMessageAction,
			Subject: "message:" + strconv.Itoa(m.ID),
			Payload: ActionEvent{MessageID: m.ID, IdempotencyKey: m.IdempotencyKey, TodoKey: m.TodoKey, Source: m.Source,
				User: d.Recipient, Decision: decision, Via: ViaApprovalCenter, Comment: a.Comment},
			OccurredAt: a.At,
		})
	}
	if err != nil {
		_ = tx.Rollback()
		return platform.ApprovalActionReply{}, err
	}
	if err := tx.Commit(); err != nil {
		return platform.ApprovalActionReply{}, err
	}
	if err := e.p.Schedule(context.WithoutCancel(ctx), tenantID, m.ID, OpApproval); err != nil {
		// The decision is recorded and forwarded; the periodic check
		// syncs the instance's new state.
		e.p.Logger.Warn("push: scheduling the approval instance's sync", "message", m.ID, "err", err)
	}
	return platform.ApprovalActionReply{}, nil
}
