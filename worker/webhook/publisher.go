package webhook

import (
	"context"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/viewer"
	"imbridge/ent/webhookdelivery"
	"imbridge/ent/webhookendpoint"
)

// Publisher queues events for the OA's webhook endpoints. It only writes
// rows; the Dispatcher sends them.
type Publisher struct {
	// DB is used when ctx carries no transaction.
	DB *ent.Client
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Notify, when set, is called once what Publish queued is committed:
	// it wakes a Dispatcher in this process (others find it on their next
	// poll).
	Notify func()
}

// Publish queues e for every enabled endpoint of the tenant that receives
// its type (none: nothing is queued, and that is not an error).
//
// It writes in the transaction in ctx when there is one (ent.NewTxContext,
// or a transactional client in ent.NewContext as the GraphQL mutations
// have): the deliveries commit or roll back with the change they report,
// so a rolled-back change never sends a webhook and a committed one never
// loses it. Publish assigns each delivery its endpoint's next sequence
// number, which holds the endpoint's row until the transaction ends: the
// numbers follow the order in which transactions commit.
//
// An event id already queued for an endpoint is skipped, so republishing
// after a crash sends nothing twice. (Two transactions publishing the same
// id at the same moment: one of them fails on the unique index and rolls
// back; its retry finds the event queued.)
//
// The viewer in ctx, if any, must act in tenantID; the rows are written as
// the tenant's system.
func (p *Publisher) Publish(ctx context.Context, tenantID int, e Event) error {
	_, err := p.Enqueue(ctx, tenantID, e)
	return err
}

// Enqueue is Publish, and also says for how many endpoints the event is
// queued: 0 when the tenant has no enabled endpoint receiving its type (a
// caller may record that nobody was told), or when every one of them has
// it already.
func (p *Publisher) Enqueue(ctx context.Context, tenantID int, e Event) (int, error) {
	if err := e.validate(); err != nil {
		return 0, err
	}
	if v := viewer.FromContext(ctx); v != nil && v.TenantID != tenantID {
		return 0, fmt.Errorf("webhook event %s: publishing for tenant %d as a viewer of tenant %d", e.ID, tenantID, v.TenantID)
	}
	ctx = viewer.System(ctx, "webhook", tenantID)
	db := p.client(ctx)
	eps, err := db.WebhookEndpoint.Query().Where(webhookendpoint.Enabled(true)).Order(ent.Asc(webhookendpoint.FieldID)).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("webhook event %s: listing endpoints: %w", e.ID, err)
	}
	now := p.now()
	n := 0
	for _, ep := range eps {
		if !Subscribed(ep.EventTypes, e.Type) {
			continue
		}
		queued, err := p.queue(ctx, db, ep, e, now)
		if err != nil {
			return n, err
		}
		if queued {
			n++
		}
	}
	if n > 0 && p.Notify != nil {
		afterCommit(ctx, p.Notify)
	}
	return n, nil
}

// queue writes one delivery unless the endpoint has the event already.
func (p *Publisher) queue(ctx context.Context, db *ent.Client, ep *ent.WebhookEndpoint, e Event, now time.Time) (bool, error) {
	has := func(ctx context.Context) (bool, error) {
		return db.WebhookDelivery.Query().Where(webhookdelivery.EndpointID(ep.ID), webhookdelivery.EventID(e.ID)).Exist(ctx)
	}
	if dup, err := has(ctx); err != nil || dup {
		return false, err
	}
	// Take the next number; on PostgreSQL this locks the endpoint's row
	// until commit, so a later transaction numbers after this one. The
	// update time is kept: it says when an admin last changed the endpoint.
	ep, err := db.WebhookEndpoint.UpdateOneID(ep.ID).AddLastSequence(1).SetUpdatedAt(ep.UpdatedAt).Save(ctx)
	if err != nil {
		return false, fmt.Errorf("webhook event %s: numbering for endpoint %d: %w", e.ID, ep.ID, err)
	}
	// Again under the lock: a transaction that queued the same event and
	// committed while this one waited is visible now.
	if dup, err := has(ctx); err != nil || dup {
		return false, err
	}
	b, err := body(e, ep.LastSequence, now)
	if err != nil {
		return false, err
	}
	err = db.WebhookDelivery.Create().
		SetEndpointID(ep.ID).SetEventID(e.ID).SetType(e.Type).SetSubject(e.Subject).
		SetSequence(ep.LastSequence).SetPayload(string(b)).
		SetStatus(webhookdelivery.StatusPending).SetNextAttemptAt(now).
		Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("webhook event %s: queueing for endpoint %d: %w", e.ID, ep.ID, err)
	}
	return true, nil
}

// client is the transaction's client when ctx has one.
func (p *Publisher) client(ctx context.Context) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return p.DB
}

func (p *Publisher) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// afterCommit runs fn once the transaction in ctx commits, or now when
// there is none.
func afterCommit(ctx context.Context, fn func()) {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		fn()
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(cctx context.Context, tx *ent.Tx) error {
			err := next.Commit(cctx, tx)
			if err == nil {
				fn()
			}
			return err
		})
	})
}
