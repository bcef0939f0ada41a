package push

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/ent/pushrule"
	"imbridge/ent/pushtarget"
	"imbridge/ent/viewer"
	"imbridge/platform"
)

// ReasonUnconfirmed is a batch delivery whose outcome is unknown: Feishu
// batch_send has no uuid, so it is not sent again by itself (one missed
// beats two sent); replaying it sends it one by one.
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
	// Only a message's first run batches: a resumed or replayed run sends
	// one by one, each with its uuid, so nothing can be sent twice.
	s.batch = fresh
	planned := make(chan struct{})
	var planErr error
	if needPlan {
		go func() {
			defer close(planned)
			started := time.Now()
			n, err := e.plan(ctx, m)
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
	if m, err = db.Message.Get(ctx, m.ID); err != nil {
		return err
	}
	if m.TodoState == message.TodoStateDone {
		return e.completeCards(ctx, m)
	}
	return nil
}

// sender sends one message's deliveries.
type sender struct {
	e       *Engine
	m       *ent.Message
	targets map[string]*ent.PushTarget // by target key
	msgrs   map[int]platform.Messenger // by app row id
	broken  map[int]string             // app row id → why no messenger
	batch   bool                       // batch_send allowed
	// writes serializes the batches' row updates: concurrent writers only
	// queue up in the database (SQLite takes one at a time and backs off).
	writes sync.Mutex
}

func (e *Engine) newSender(ctx context.Context, m *ent.Message) (*sender, error) {
	s := &sender{e: e, m: m, targets: map[string]*ent.PushTarget{}, msgrs: map[int]platform.Messenger{}, broken: map[int]string{}}
	ts, err := e.p.DB.PushTarget.Query().
		Where(pushtarget.HasRuleWith(pushrule.Or(pushrule.Source(m.Source), pushrule.SourceIsNil(), pushrule.Source("")))).
		Order(ent.Asc(pushtarget.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if _, ok := s.targets[targetKey(t)]; !ok {
			s.targets[targetKey(t)] = t
		}
	}
	apps, err := e.p.DB.Delivery.Query().Where(delivery.MessageID(m.ID)).Unique(true).Select(delivery.FieldAppID).Ints(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range ts { // deliveries being planned go to these
		if !slices.Contains(apps, t.AppID) {
			apps = append(apps, t.AppID)
		}
	}
	for _, id := range apps {
		a, err := e.p.DB.App.Query().Where(app.ID(id)).WithCorp().Only(ctx)
		if err != nil {
			s.broken[id] = "the app is gone"
			continue
		}
		msgr, err := e.p.Messenger(ctx, a, a.Edges.Corp)
		if err != nil {
			s.broken[id] = "the app cannot send: " + err.Error()
			continue
		}
		s.msgrs[id] = msgr
	}
	return s, nil
}

// run sends in rounds: everything due, then what failed transiently once
// its backoff has passed, until nothing is queued and planning (closing
// planned) has ended.
func (s *sender) run(ctx context.Context, planned <-chan struct{}) error {
	db := s.e.p.DB
	for {
		planning := true
		select {
		case <-planned:
			planning = false
		default:
		}
		// A message recalled meanwhile sends nothing more (Withdraw
		// skips what is still queued).
		if st, err := db.Message.Query().Where(message.ID(s.m.ID)).Select(message.FieldStatus).String(ctx); err != nil {
			return err
		} else if message.Status(st) == message.StatusRecalled {
			return nil
		}
		now := s.e.p.Now()
		due, err := db.Delivery.Query().Where(delivery.MessageID(s.m.ID), delivery.StatusEQ(delivery.StatusQueued),
			delivery.Or(delivery.NextAttemptAtIsNil(), delivery.NextAttemptAtLTE(now))).Order(ent.Asc(delivery.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		if len(due) > 0 {
			if err := s.round(ctx, due); err != nil {
				return err
			}
			continue
		}
		wait := 25 * time.Millisecond // while planning: the next chunk
		next, err := db.Delivery.Query().Where(delivery.MessageID(s.m.ID), delivery.StatusEQ(delivery.StatusQueued)).
			Order(ent.Asc(delivery.FieldNextAttemptAt)).First(ctx)
		switch {
		case ent.IsNotFound(err) && !planning:
			return nil
		case err == nil && !planning:
			wait = derefTime(next.NextAttemptAt).Sub(now)
		case err != nil && !ent.IsNotFound(err):
			return err
		}
		select {
		case <-planned:
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// round sends due deliveries: text and rich text to many people of one
// app in batches (at most platform.MaxBatchRecipients a request), unless
// they were tried before (a retry goes one by one, with its uuid); the
// rest one by one. At most Workers requests are in flight.
func (s *sender) round(ctx context.Context, due []*ent.Delivery) error {
	var singles []*ent.Delivery
	groups := map[string][]*ent.Delivery{}
	for _, d := range due {
		if why, ok := s.broken[d.AppID]; ok {
			if err := s.fail(ctx, d, why, nil); err != nil {
				return err
			}
			continue
		}
		if (d.MessageType == delivery.MessageTypeText || d.MessageType == delivery.MessageTypePost) && s.batch && d.Attempts == 0 {
			groups[d.TargetKey] = append(groups[d.TargetKey], d)
			continue
		}
		singles = append(singles, d)
	}
	var batches [][]*ent.Delivery
	for _, g := range groups {
		if len(g) < s.e.p.BatchMin {
			singles = append(singles, g...)
			continue
		}
		for i := 0; i < len(g); i += platform.MaxBatchRecipients {
			batches = append(batches, g[i:min(i+platform.MaxBatchRecipients, len(g))])
		}
	}
	work := make(chan func() error)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for range s.e.p.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				if err := f(); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	feed := func(f func() error) bool {
		select {
		case work <- f:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for _, b := range batches {
		if !feed(func() error { return s.sendBatch(ctx, b) }) {
			break
		}
	}
	for _, d := range singles {
		if !feed(func() error { return s.sendOne(ctx, d) }) {
			break
		}
	}
	close(work)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}

// sendOne sends one delivery with its stable idempotency key.
func (s *sender) sendOne(ctx context.Context, d *ent.Delivery) error {
	msg := content(s.m, s.targets[d.TargetKey], d)
	sent, err := s.msgrs[d.AppID].Send(ctx, msg)
	if ctx.Err() != nil {
		return ctx.Err() // stopped: the attempt does not count, the row stays queued
	}
	if err != nil {
		return s.failed(ctx, d, err)
	}
	now := s.e.p.Now()
	return s.e.p.DB.Delivery.UpdateOneID(d.ID).SetStatus(delivery.StatusSent).SetPlatformMessageID(sent.MessageID).
		SetSentAt(now).AddAttempts(1).ClearNextAttemptAt().ClearReason().ClearErrorCode().Exec(ctx)
}

// sendBatch sends one batch_send. The rows are marked sending first: a
// worker that stops during the request leaves them so, and the next run
// records them as unconfirmed instead of sending them again.
func (s *sender) sendBatch(ctx context.Context, ds []*ent.Delivery) error {
	db := s.e.p.DB
	ids := make([]int, len(ds))
	b := platform.Batch{}
	for i, d := range ds {
		ids[i] = d.ID
		b.To = append(b.To, platform.Recipient{Type: platform.IDType(d.ReceiveIDType), ID: d.ReceiveID})
	}
	one := content(s.m, s.targets[ds[0].TargetKey], ds[0])
	b.Type, b.Text, b.Post = one.Type, one.Text, one.Post
	s.writes.Lock()
	err := db.Delivery.Update().Where(delivery.IDIn(ids...)).SetStatus(delivery.StatusSending).AddAttempts(1).Exec(ctx)
	s.writes.Unlock()
	if err != nil {
		return err
	}
	var res platform.BatchSent
	res, err = s.msgrs[ds[0].AppID].SendBatch(context.WithoutCancel(ctx), b)
	switch {
	case errors.Is(err, platform.ErrUnconfirmed):
		return db.Delivery.Update().Where(delivery.IDIn(ids...)).SetStatus(delivery.StatusDead).SetReason(ReasonUnconfirmed).Exec(ctx)
	case err != nil:
		// Certainly not applied: back to one by one (with uuids) or failed.
		for _, d := range ds {
			if ferr := s.failed(ctx, d, err); ferr != nil {
				return ferr
			}
		}
		return nil
	}
	invalid := map[string]bool{}
	for _, r := range res.Invalid {
		invalid[r.String()] = true
	}
	var ok, bad []int
	for i, d := range ds {
		if invalid[b.To[i].String()] {
			bad = append(bad, d.ID)
		} else {
			ok = append(ok, d.ID)
		}
	}
	now := s.e.p.Now()
	s.writes.Lock()
	defer s.writes.Unlock()
	if len(ok) > 0 {
		if err := db.Delivery.Update().Where(delivery.IDIn(ok...)).SetStatus(delivery.StatusSent).SetPlatformMessageID(res.BatchID).
			SetSentAt(now).Exec(context.WithoutCancel(ctx)); err != nil {
			return err
		}
	}
	if len(bad) > 0 {
		return db.Delivery.Update().Where(delivery.IDIn(bad...)).SetStatus(delivery.StatusFailed).
			SetReason("refused by the platform in the batch: an unknown id, a resigned person, or outside the app's availability").
			Exec(context.WithoutCancel(ctx))
	}
	return nil
}

// failed records a refused or failed attempt: permanent refusals fail at
// once with the platform's code, transient ones are retried with backoff
// until MaxAttempts, then the delivery is dead.
func (s *sender) failed(ctx context.Context, d *ent.Delivery, err error) error {
	var pe *platform.Error
	var code *int
	if errors.As(err, &pe) {
		code = &pe.Code
	}
	attempts := d.Attempts + 1
	// A refused token is retried too: one that expired with calls in
	// flight is gone by the next attempt, and wrong credentials end dead
	// after MaxAttempts, replayable once an admin fixes the app.
	if class := platform.ClassOf(err); !(class.Retryable() || class == platform.ClassCredentials) || errors.Is(err, platform.ErrContentTooLarge) {
		return s.fail(ctx, d, platform.CleanMessage(err.Error()), code)
	}
	u := s.e.p.DB.Delivery.UpdateOneID(d.ID).SetAttempts(attempts).SetReason(platform.CleanMessage(err.Error())).SetNillableErrorCode(code)
	if attempts >= s.e.p.MaxAttempts {
		u.SetStatus(delivery.StatusDead).ClearNextAttemptAt()
	} else {
		u.SetStatus(delivery.StatusQueued).SetNextAttemptAt(s.e.p.Now().Add(s.e.p.Backoff(attempts)))
	}
	return u.Exec(context.WithoutCancel(ctx))
}

// fail ends a delivery as failed.
func (s *sender) fail(ctx context.Context, d *ent.Delivery, why string, code *int) error {
	return s.e.p.DB.Delivery.UpdateOneID(d.ID).SetStatus(delivery.StatusFailed).SetReason(why).
		SetNillableErrorCode(code).AddAttempts(1).ClearNextAttemptAt().Exec(context.WithoutCancel(ctx))
}

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

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
