package push

import (
	"context"
	"errors"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/pushtarget"
	"imbridge/platform"
)

// ErrAppCannotSend: the target's app has no messenger (its platform sends
// nothing yet, or its credentials cannot be read).
var ErrAppCannotSend = errors.New("the app cannot send messages")

// SendTest sends one message through a target's app, rendered with the
// target's templates and message type exactly as a delivery would be,
// to one person (the console's "send a test to myself", issue 9 item 4).
// It writes nothing: a test is no OA message, so it has no Message or
// Delivery row, and key (the platform's dedup id) should differ per
// test so a repeated test is sent again.
func (e *Engine) SendTest(ctx context.Context, t *ent.PushTarget, a *ent.App, c *ent.Corp, m *ent.Message, to platform.Recipient, key string) (platform.Sent, error) {
	if err := to.Check(); err != nil {
		return platform.Sent{}, err
	}
	msgr, err := e.p.Messenger(ctx, a, c)
	if err != nil {
		return platform.Sent{}, errors.Join(ErrAppCannotSend, err)
	}
	// The delivery the message would have, unsaved. An approval-center
	// target's test shows as its to-do card (an approval instance is no
	// message to one person); no quick-approval buttons, whose click would
	// reach the OA for a message it never pushed.
	typ := delivery.MessageType(t.MessageType)
	if t.MessageType == pushtarget.MessageTypeApproval {
		typ = delivery.MessageTypeTodo
	}
	d := &ent.Delivery{MessageType: typ, ReceiveIDType: string(to.Type), ReceiveID: to.ID}
	msg := content(m, t, d)
	msg.IdempotencyKey = key
	return msgr.Send(ctx, msg)
}

// Texts are the title and body a target's templates make of a message
// (what the preview shows and a test sends).
func Texts(m *ent.Message, t *ent.PushTarget) (title, body string) { return texts(m, t) }
