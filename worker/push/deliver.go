package push

import (
	"context"
	"time"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
)

// exactlyOnceRule: a push reaches every recipient exactly once, so the
// engine sends one by one (im/v1/messages create with the delivery's
// uuid: "持有相同 uuid 的请求，在 1 小时内至多成功发送一条消息"; beyond the
// hour the delivery row, marked sent, is the record) and does not use
// batch_send unless Params.BatchAtMostOnce asks for it. Why: exactly once
// through batch_send would need either an idempotency key or a way to
// learn whether a request whose reply was lost landed, and Feishu offers
// neither (checked against the official pages, 2026-11):
//
//   - batch_send (open.feishu.cn ucDO1EjL3gTNx4yN4UTM, "批量发送消息") takes
//     msg_type, content or card, and department_ids / open_ids / user_ids
//     / union_ids (reference/feishu-api.md §2.2 and the page's examples):
//     no uuid, no client token, so a repeated request sends again;
//   - its follow-ups — get_progress ("查询批量消息整体进度"), read_user
//     ("查询批量消息推送和阅读人数") and the batch recall — all take the
//     batch_message_id (bm-…) that only the lost reply carried; no API
//     lists an app's batches;
//   - batch_send is asynchronous ("该接口为异步接口，会有一定延迟"), so
//     even a look at the recipients' chats could not prove that a batch
//     did not land: it may land later.
//
// A batch_send is therefore known to have landed only when its reply came
// back, and known not to have only when it was refused before reaching
// Feishu (a failed dial, 429, a refused token: feishu.SendBatch retries
// those). After a lost reply, a 5xx or a worker killed mid-request the
// outcome stays unknown for good: resending would risk two messages,
// not resending one missed. With BatchAtMostOnce those deliveries end
// dead with ReasonUnconfirmed (replayable by an admin who checked);
// without it the question never arises. The cost is speed: per-user
// sends share the create API's 1000/min per app, so 100,000 people take
// at least 99 minutes (batch_send: 500 calls, 10 s). BENCHMARKS.md
// measures the exactly-once mix.
//
// ReasonUnconfirmed is a batch delivery whose outcome is unknown (see
// exactlyOnceRule): not sent again by itself (one missed beats two sent);
// replaying it sends it one by one.
const ReasonUnconfirmed = "the batch request may or may not have reached the platform (its reply was lost, or the worker stopped during it): not resent automatically, to avoid a duplicate; replay to send it"

// Deliver plans the message (once) and sends its queued deliveries,
// retrying transient failures with backoff until each delivery is sent,
// failed or dead. It is the job of OpDeliver; run again (a retried or
// resumed job) it sends only what is still queued, with the same
// idempotency keys, so nothing is sent twice.
func (e *Engine) Deliver(ctx context.Context, tenantID, messageID int) error {
	ctx = viewer.System(ctx, "push", tenantID)
	db := e.p.DB
	m, err := db.Message.Get(ctx, messageID)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if m.Status == message.StatusRecalled {
		return nil
	}
	// Planning runs alongside sending: the planner commits deliveries in
	// chunks, and the sender starts on the first one. A message whose
	// planning never finished (total still 0: a worker stopped in it) is
	// planned again; the planner skips what is stored.
	fresh := m.Status == message.StatusQueued
	needPlan := fresh || m.Total == 0
	if m.Status != message.StatusDelivering {
		if m, err = db.Message.UpdateOne(m).SetStatus(message.StatusDelivering).Save(ctx); err != nil {
			return err
		}
	}
	// Batches a stopped worker left in flight: their outcome is unknown.
	if _, err := db.Delivery.Update().Where(delivery.MessageID(m.ID), delivery.StatusEQ(delivery.StatusSending)).
		SetStatus(delivery.StatusDead).SetReason(ReasonUnconfirmed).ClearNextAttemptAt().Save(ctx); err != nil {
		return err
	}
	s, err := e.newSender(ctx, m)
	if err != nil {
		return err
	}
	// Batches only when asked for (exactlyOnceRule), and only on a
	// message's first run: a resumed or replayed run sends one by one,
	// each with its uuid, so nothing it sends can arrive twice.
	s.batch = fresh && e.p.BatchAtMostOnce
	planned := make(chan struct{})
	var planErr error
	var none *nobody
	if needPlan {
		go func() {
			defer close(planned)
			started := time.Now()
			n, why, err := e.plan(ctx, m)
			none = why
			if err == nil {
				err = db.Message.UpdateOneID(m.ID).SetTotal(n).Exec(ctx)
			}
			planErr = err
			e.p.Logger.Info("push: planned", "message", m.ID, "deliveries", n, "took", time.Since(started).Round(time.Millisecond), "err", err)
		}()
	} else {
		close(planned)
	}
	stop := e.countEvery(ctx, m.ID, 500*time.Millisecond)
	err = s.run(ctx, planned)
	stop()
	<-planned
	if err == nil {
		err = planErr
	}
	if err != nil {
		return err
	}
	if err := e.recount(ctx, m.ID, true); err != nil {
		return err
	}
	if none != nil {
		// Nothing was planned: the message ends with why, not "delivered".
		err := db.Message.UpdateOneID(m.ID).Where(message.StatusEQ(message.StatusDelivered), message.Total(0)).
			SetStatus(none.status).SetStatusReason(truncateRunes(none.reason, 500)).Exec(context.WithoutCancel(ctx))
		if err != nil && !ent.IsNotFound(err) {
			return err
		}
	}
	if m, err = db.Message.Get(ctx, m.ID); err != nil {
		return err
	}
	if m.TodoState == message.TodoStateDone {
		return e.completeCards(ctx, m)
	}
	return nil
}
