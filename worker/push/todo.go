package push

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
	"imbridge/platform"
)

// UpdateWindow is how long after sending a card can still be changed
// (Feishu im/v1/messages patch: "仅支持更新 14 天内发送的消息", 230031).
// Completions after it are recorded as too late, not silently lost.
const UpdateWindow = 14 * 24 * time.Hour

// Completion is what CompleteTodo did.
type Completion struct {
	// Messages is how many messages of the to-do turned done now (0 when
	// they were done already: completing twice changes nothing).
	Messages int
}

// CompleteTodo turns every message of a to-do into done (已办) and
// schedules their cards' update. ErrNotFound when no message has the key.
func (e *Engine) CompleteTodo(ctx context.Context, key, outcome string) (Completion, error) {
	key, outcome = strings.TrimSpace(key), strings.TrimSpace(outcome)
	if !keyPattern.MatchString(key) {
		return Completion{}, bad("input.key", "is required: 1 to 200 letters, digits or . _ : / -")
	}
	if utf8.RuneCountInString(outcome) > 100 {
		return Completion{}, bad("input.outcome", "at most 100 characters")
	}
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return Completion{}, fmt.Errorf("complete to-do: no tenant in the context")
	}
	db := e.db(ctx)
	ms, err := db.Message.Query().Where(message.TodoKey(key)).All(ctx)
	if err != nil {
		return Completion{}, err
	}
	if len(ms) == 0 {
		return Completion{}, fmt.Errorf("to-do %q: %w", key, ErrNotFound)
	}
	var c Completion
	now := e.p.Now()
	for _, m := range ms {
		if m.TodoState != message.TodoStatePending {
			continue
		}
		if err := db.Message.UpdateOne(m).SetTodoState(message.TodoStateDone).SetTodoOutcome(outcome).SetCompletedAt(now).Exec(ctx); err != nil {
			return c, err
		}
		c.Messages++
		if err := e.p.Schedule(ctx, v.TenantID, m.ID, OpComplete); err != nil {
			return c, err
		}
	}
	return c, nil
}

// Complete is the job of OpComplete: the message's sent to-do cards that
// are still pending are patched to done.
func (e *Engine) Complete(ctx context.Context, tenantID, messageID int) error {
	ctx = viewer.System(ctx, "push", tenantID)
	m, err := e.p.DB.Message.Get(ctx, messageID)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := e.completeCards(ctx, m); err != nil {
		return err
	}
	return e.SyncApprovals(ctx, tenantID, messageID)
}

// completeCards patches the pending cards of a done message: within the
// window to done, past it recorded too_late; a recalled card failed.
func (e *Engine) completeCards(ctx context.Context, m *ent.Message) error {
	if m.TodoState != message.TodoStateDone {
		return nil
	}
	ds, err := e.p.DB.Delivery.Query().Where(delivery.MessageID(m.ID), delivery.StatusEQ(delivery.StatusSent),
		delivery.CardStateEQ(delivery.CardStatePending)).All(ctx)
	if err != nil || len(ds) == 0 {
		return err
	}
	s, err := e.newSender(ctx, m)
	if err != nil {
		return err
	}
	now := e.p.Now()
	work := make(chan *ent.Delivery)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var retry error
	for range e.p.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range work {
				if err := s.completeOne(ctx, d, now); err != nil {
					mu.Lock()
					retry = err
					mu.Unlock()
				}
			}
		}()
	}
	for _, d := range ds {
		select {
		case work <- d:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	if retry != nil {
		return fmt.Errorf("completing to-do cards of message %d (retried): %w", m.ID, retry)
	}
	return ctx.Err()
}

// completeOne patches one card; a transient failure is returned (the job
// retries, and the card is still pending).
func (s *sender) completeOne(ctx context.Context, d *ent.Delivery, now time.Time) error {
	db := s.e.p.DB
	set := func(state delivery.CardState, why string) error {
		u := db.Delivery.UpdateOneID(d.ID).SetCardState(state)
		if why != "" {
			u.SetReason(why)
		}
		return u.Exec(context.WithoutCancel(ctx))
	}
	if d.SentAt != nil && now.Sub(*d.SentAt) > UpdateWindow {
		return set(delivery.CardStateTooLate, "completed after the platform's 14-day update window: the card still shows the to-do")
	}
	msgr, ok := s.msgrs[d.AppID]
	if !ok {
		return set(delivery.CardStateFailed, s.broken[d.AppID])
	}
	c := content(s.m, s.targets[d.TargetKey], d).Card
	err := msgr.UpdateCard(ctx, d.PlatformMessageID, *c)
	switch {
	case err == nil:
		return set(delivery.CardStateDone, "")
	case errors.Is(err, platform.ErrTooLate):
		return set(delivery.CardStateTooLate, "completed after the platform's 14-day update window: the card still shows the to-do")
	case errors.Is(err, platform.ErrMessageGone), errors.Is(err, platform.ErrNotUpdatable), !platform.ClassOf(err).Retryable():
		return set(delivery.CardStateFailed, platform.CleanMessage(err.Error()))
	}
	return err
}
