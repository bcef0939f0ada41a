package push

import (
	"context"
	"errors"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
)

// Push accepts a push: it stores the Message and schedules its delivery,
// in the transaction in ctx when there is one (the schedule then waits for
// its commit). The same key with the same
// body returns the stored message (nothing is scheduled again); with
// another body it is ErrConflict. Two identical pushes at once: one of
// them inserts, the other fails on the unique key and, retried by its
// caller (ErrInFlight inside a transaction) or here, finds it.
func (e *Engine) Push(ctx context.Context, in Input) (*ent.Message, error) {
	if err := in.normalize(); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return nil, fmt.Errorf("push: no tenant in the context")
	}
	h := in.hash()
	db := e.db(ctx)
	if m, err := e.existing(ctx, db, in.IdempotencyKey, h); m != nil || err != nil {
		return e.again(ctx, m, err)
	}
	c := db.Message.Create().SetIdempotencyKey(in.IdempotencyKey).SetBodyHash(h).SetSource(in.Source).
		SetTitle(in.Title).SetContent(in.Content).SetLink(in.Link).SetFields(in.Fields).SetButtons(in.Buttons).
		SetRecipients(in.Recipients).SetCreatedBy(in.CreatedBy)
	if in.TodoKey != "" {
		c.SetTodoKey(in.TodoKey).SetTodoState(message.TodoStatePending)
	}
	m, err := c.Save(ctx)
	if ent.IsConstraintError(err) && inTx(ctx) {
		// A concurrent push of the same key won, and this transaction
		// cannot read on after the failed insert (PostgreSQL aborts it).
		return nil, ErrInFlight
	}
	if ent.IsConstraintError(err) {
		// A concurrent push of the same key won; compare with it.
		if m, err := e.existing(ctx, db, in.IdempotencyKey, h); m != nil || err != nil {
			return e.again(ctx, m, err)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("push: storing the message: %w", err)
	}
	if err := e.p.Schedule(ctx, v.TenantID, m.ID, OpDeliver); err != nil {
		return nil, err
	}
	return m, nil
}

func (e *Engine) existing(ctx context.Context, db *ent.Client, key, hash string) (*ent.Message, error) {
	m, err := db.Message.Query().Where(message.IdempotencyKey(key)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if m.BodyHash != hash {
		return nil, ErrConflict
	}
	return m, nil
}

// again answers a repeated push with the stored message; one still queued
// is scheduled again (Schedule de-duplicates), in case the first enqueue
// was lost.
func (e *Engine) again(ctx context.Context, m *ent.Message, err error) (*ent.Message, error) {
	if err != nil || m.Status != message.StatusQueued {
		return m, err
	}
	if err := e.p.Schedule(ctx, m.TenantID, m.ID, OpDeliver); err != nil {
		return nil, err
	}
	return m, nil
}

// ErrInFlight: a push of the same idempotency key was stored at the same
// moment by another request; repeating the request returns its message.
var ErrInFlight = errors.New("a push with this idempotency key is being stored by another request: repeat the request to get its message")

func inTx(ctx context.Context) bool { return ent.TxFromContext(ctx) != nil }
