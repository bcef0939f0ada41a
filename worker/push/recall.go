package push

import (
	"context"
	"errors"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
	"imbridge/platform"
)

// Recall marks a message recalled and schedules the withdrawal of what
// was sent; what was not sent yet is not sent. Recalling twice returns the
// message as it is.
func (e *Engine) Recall(ctx context.Context, messageID int) (*ent.Message, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return nil, fmt.Errorf("recall: no tenant in the context")
	}
	m, err := e.db(ctx).Message.Get(ctx, messageID)
	if err != nil {
		return nil, err
	}
	if m.Status == message.StatusRecalled {
		return m, nil
	}
	if m, err = e.db(ctx).Message.UpdateOne(m).SetStatus(message.StatusRecalled).SetRecalledAt(e.p.Now()).Save(ctx); err != nil {
		return nil, err
	}
	if err := e.p.Schedule(ctx, v.TenantID, m.ID, OpRecall); err != nil {
		return nil, err
	}
	return m, nil
}

// Withdraw is the job of OpRecall: queued deliveries are skipped, sent
// ones recalled on the platform (a batch once).
func (e *Engine) Withdraw(ctx context.Context, tenantID, messageID int) error {
	ctx = viewer.System(ctx, "push", tenantID)
	db := e.p.DB
	m, err := db.Message.Get(ctx, messageID)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := db.Delivery.Update().Where(delivery.MessageID(m.ID), delivery.StatusEQ(delivery.StatusQueued)).
		SetStatus(delivery.StatusSkipped).SetReason("the message was recalled before it was sent").ClearNextAttemptAt().Save(ctx); err != nil {
		return err
	}
	ds, err := db.Delivery.Query().Where(delivery.MessageID(m.ID), delivery.StatusEQ(delivery.StatusSent), delivery.PlatformMessageIDNEQ("")).All(ctx)
	if err != nil {
		return err
	}
	s, err := e.newSender(ctx, m)
	if err != nil {
		return err
	}
	done := map[string]error{}
	var retry error
	for _, d := range ds {
		if d.Reason == ReasonRecalled {
			continue
		}
		msgr, ok := s.msgrs[d.AppID]
		if !ok {
			continue
		}
		err, seen := done[d.PlatformMessageID]
		if !seen {
			err = msgr.Recall(ctx, d.PlatformMessageID)
			done[d.PlatformMessageID] = err
		}
		why := ReasonRecalled
		switch {
		case err == nil, errors.Is(err, platform.ErrMessageGone):
		case platform.ClassOf(err).Retryable() && !errors.Is(err, platform.ErrTooLate):
			retry = err
			continue
		default:
			why = "recall refused by the platform: " + platform.CleanMessage(err.Error())
		}
		if err := db.Delivery.UpdateOneID(d.ID).SetReason(why).Exec(ctx); err != nil {
			return err
		}
	}
	if retry != nil {
		return fmt.Errorf("recalling message %d (retried): %w", m.ID, retry)
	}
	// Approval-center to-dos are not recalled but end as canceled.
	if err := e.SyncApprovals(ctx, tenantID, m.ID); err != nil {
		return err
	}
	return e.recount(ctx, m.ID, false)
}

// ReasonRecalled marks a sent delivery whose message was recalled.
const ReasonRecalled = "recalled"
