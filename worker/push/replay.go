package push

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/ent/predicate"
	"imbridge/ent/viewer"
)

// ErrNotReplayable: only dead and failed deliveries can be replayed.
var ErrNotReplayable = fmt.Errorf("only a dead or failed delivery can be replayed")

// Replay queues a dead or failed delivery again with its attempts counted
// afresh; it is sent one by one (only a message's first run batches) with its stable uuid, so a delivery the
// platform already has (within its dedup window) is not sent twice.
func (e *Engine) Replay(ctx context.Context, deliveryID int) (*ent.Delivery, error) {
	d, err := e.db(ctx).Delivery.Query().Where(delivery.ID(deliveryID)).WithMessage().Only(ctx)
	if err != nil {
		return nil, err
	}
	if d.Status != delivery.StatusDead && d.Status != delivery.StatusFailed {
		return nil, ErrNotReplayable
	}
	if d.Edges.Message.Status == message.StatusRecalled {
		return nil, fmt.Errorf("the message was recalled: %w", ErrNotReplayable)
	}
	if _, err := e.requeue(ctx, d.MessageID, delivery.ID(d.ID)); err != nil {
		return nil, err
	}
	return e.db(ctx).Delivery.Get(ctx, d.ID)
}

// ReplayDead queues every delivery of a message that did not arrive (dead
// after its attempts, or failed at once on a refusal: a recipient outside
// the app's availability, a missing link) again, once an admin fixed the
// cause; it returns how many. The console offers it when the message
// counts failures, and that count holds both.
func (e *Engine) ReplayDead(ctx context.Context, messageID int) (int, error) {
	m, err := e.db(ctx).Message.Get(ctx, messageID)
	if err != nil {
		return 0, err
	}
	if m.Status == message.StatusRecalled {
		return 0, fmt.Errorf("the message was recalled: %w", ErrNotReplayable)
	}
	return e.requeue(ctx, m.ID, delivery.StatusIn(delivery.StatusDead, delivery.StatusFailed))
}

func (e *Engine) requeue(ctx context.Context, messageID int, which predicate.Delivery) (int, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return 0, fmt.Errorf("replay: no tenant in the context")
	}
	n, err := e.db(ctx).Delivery.Update().Where(delivery.MessageID(messageID), delivery.StatusIn(delivery.StatusDead, delivery.StatusFailed), which).
		SetStatus(delivery.StatusQueued).SetAttempts(0).ClearNextAttemptAt().ClearReason().ClearErrorCode().Save(ctx)
	if err != nil || n == 0 {
		return n, err
	}
	if err := e.db(ctx).Message.UpdateOneID(messageID).SetStatus(message.StatusDelivering).Exec(ctx); err != nil {
		return n, err
	}
	return n, e.p.Schedule(ctx, v.TenantID, messageID, OpDeliver)
}
