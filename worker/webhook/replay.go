package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"imbridge/ent"
	"imbridge/ent/webhookdelivery"
)

// ErrNotReplayable is returned for a delivery that is queued already
// (pending) or was delivered: the receiver de-duplicates on the event id,
// so sending a delivered event again would be ignored anyway.
var ErrNotReplayable = errors.New("only dead or failed deliveries can be replayed")

// Replay queues a dead (or failed) delivery again, due now, with its
// attempts counted afresh. The body, event id and sequence are unchanged,
// so a receiver that has applied a later event of the same subject can
// tell the replayed one is older. db acts as the caller (privacy applies).
func Replay(ctx context.Context, db *ent.Client, id int, now time.Time) (*ent.WebhookDelivery, error) {
	del, err := db.WebhookDelivery.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if del.Status != webhookdelivery.StatusDead && del.Status != webhookdelivery.StatusFailed {
		return nil, ErrNotReplayable
	}
	return db.WebhookDelivery.UpdateOne(del).
		SetStatus(webhookdelivery.StatusPending).SetAttempts(0).AddReplays(1).
		SetNextAttemptAt(now).ClearLeaseUntil().
		Save(ctx)
}

// ReplayDead queues every dead delivery of an endpoint again (the
// dead-letter list), in their original order, and reports how many.
func ReplayDead(ctx context.Context, db *ent.Client, endpointID int, now time.Time) (int, error) {
	return db.WebhookDelivery.Update().
		Where(webhookdelivery.EndpointID(endpointID), webhookdelivery.StatusEQ(webhookdelivery.StatusDead)).
		SetStatus(webhookdelivery.StatusPending).SetAttempts(0).AddReplays(1).
		SetNextAttemptAt(now).ClearLeaseUntil().
		Save(ctx)
}

// SendTest delivers a ping to the endpoint at once and returns the
// outcome; nothing is queued or retried. It works on a disabled endpoint
// too, so a receiver can be checked before it is switched on. The event id
// starts with "ping_".
func (s *Sender) SendTest(ctx context.Context, ep *ent.WebhookEndpoint) (eventID string, res Result) {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	eventID = "ping_" + hex.EncodeToString(b)
	data, _ := json.Marshal(PingData{Message: "A test from imbridge: your receiver works when it answers 2xx.", Endpoint: ep.Name})
	body, _ := json.Marshal(Envelope{ID: eventID, Type: TypePing, OccurredAt: s.now().UTC().Truncate(time.Millisecond), Data: data})
	return eventID, s.Send(ctx, ep, eventID, TypePing, body)
}
