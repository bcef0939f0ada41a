package push

import (
	"context"
	"errors"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/platform"
)

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
