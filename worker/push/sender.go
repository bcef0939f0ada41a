package push

import (
	"context"
	"slices"
	"sync"
	"time"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/ent/pushrule"
	"imbridge/ent/pushtarget"
	"imbridge/platform"
)

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
	var singles, approvals []*ent.Delivery
	groups := map[string][]*ent.Delivery{}
	for _, d := range due {
		if why, ok := s.broken[d.AppID]; ok {
			if err := s.fail(ctx, d, why, nil); err != nil {
				return err
			}
			continue
		}
		if d.MessageType == delivery.MessageTypeApproval { // approval.go
			approvals = append(approvals, d)
			continue
		}
		if (d.MessageType == delivery.MessageTypeText || d.MessageType == delivery.MessageTypePost) && s.batch && d.Attempts == 0 {
			groups[d.TargetKey] = append(groups[d.TargetKey], d)
			continue
		}
		singles = append(singles, d)
	}
	if len(approvals) > 0 {
		if err := s.syncApprovals(ctx, approvals); err != nil {
			return err
		}
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
