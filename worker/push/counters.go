package push

import (
	"context"
	"time"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
)

// recount stores the message's counters from its deliveries; final also
// sets the outcome.
func (e *Engine) recount(ctx context.Context, messageID int, final bool) error {
	var rows []struct {
		Status delivery.Status `json:"status"`
		Count  int             `json:"count"`
	}
	if err := e.p.DB.Delivery.Query().Where(delivery.MessageID(messageID)).GroupBy(delivery.FieldStatus).
		Aggregate(ent.Count()).Scan(ctx, &rows); err != nil {
		return err
	}
	var total, sent, skipped, failed int
	for _, r := range rows {
		total += r.Count
		switch r.Status {
		case delivery.StatusSent:
			sent += r.Count
		case delivery.StatusSkipped:
			skipped += r.Count
		case delivery.StatusFailed, delivery.StatusDead:
			failed += r.Count
		}
	}
	u := e.p.DB.Message.UpdateOneID(messageID).SetTotal(total).SetSent(sent).SetSkipped(skipped).SetFailed(failed)
	if final {
		u.Where(message.StatusEQ(message.StatusDelivering))
		if failed > 0 {
			u.SetStatus(message.StatusDeliveredWithErrors)
		} else {
			u.SetStatus(message.StatusDelivered)
		}
	}
	err := u.Exec(context.WithoutCancel(ctx))
	if ent.IsNotFound(err) {
		return nil // recalled meanwhile
	}
	return err
}

// countEvery keeps the message's counters fresh while it is delivered,
// for the progress subscription.
func (e *Engine) countEvery(ctx context.Context, messageID int, d time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := e.recount(ctx, messageID, false); err != nil && ctx.Err() == nil {
					e.p.Logger.Warn("push: counting deliveries", "message", messageID, "err", err)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}
