package push

import (
	"context"
	"errors"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/platform"
)

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
