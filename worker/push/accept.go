package push

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
)

// Push accepts a push: it stores the Message and schedules its delivery.
// It writes outside any transaction in ctx (through Params.DB), so that a
// concurrent push of the same key can be read back once it loses the race
// on the unique key: the same key with the same
// body returns the stored message (nothing is scheduled again); with
// another body it is ErrConflict. Two identical pushes at once: one of
// them inserts, the other fails on the unique key and, retried by its
// caller or here, finds it.
func (e *Engine) Push(ctx context.Context, in Input) (*ent.Message, error) {
	if err := in.normalize(); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return nil, fmt.Errorf("push: no tenant in the context")
	}
	h := in.hash()
	db := e.p.DB
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
	if ent.IsConstraintError(err) {
		// A concurrent push of the same key won; compare with it.
		if m, err := e.existing(ctx, db, in.IdempotencyKey, h); m != nil || err != nil {
			return e.again(ctx, m, err)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("push: storing the message: %w", err)
	}
	if err := e.p.Schedule(context.WithoutCancel(ctx), v.TenantID, m.ID, OpDeliver); err != nil {
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
	if err := e.p.Schedule(context.WithoutCancel(ctx), m.TenantID, m.ID, OpDeliver); err != nil {
		return nil, err
	}
	return m, nil
}
