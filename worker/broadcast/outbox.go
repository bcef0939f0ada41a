package broadcast

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"imbridge/platform"
)

// ChangeKind names a change the platform has confirmed.
type ChangeKind string

const (
	ChangeCreated       ChangeKind = "created"        // the room exists on the platform
	ChangeUpdated       ChangeKind = "updated"        // the platform has the new spec
	ChangeCancelled     ChangeKind = "cancelled"      // cancelled (WeCom) or deleted (Volcano)
	ChangeReplayDeleted ChangeKind = "replay_deleted" // the replay is gone
)

// Change is one platform-confirmed change and the broadcast as it stands
// after it (ID empty when the row was never saved).
type Change struct {
	Kind      ChangeKind
	Broadcast Broadcast
}

// Outbox collects the changes the platform confirmed during one operation
// whose writes run in a transaction that a later error can roll back (a
// GraphQL mutation: entgql.Transactioner rolls back on any error of the
// operation). Flush writes them once that transaction is over, each in its
// own transaction, so a replay the platform deleted is never left READY
// and a room it created is never left without a row.
//
// Why after and not at once: the embedded SQLite opens every transaction
// with _txlock=immediate (one writer), and on PostgreSQL the row may be
// locked or not even visible outside the mutation's transaction; a write
// beside it would wait for the lock it holds. Outside a transaction
// (jobs, callbacks) the store's own writes are already durable and no
// outbox is involved.
type Outbox struct {
	mu      sync.Mutex
	changes []Change
}

type outboxKey struct{}

// WithOutbox returns a context whose confirmed changes collect in the
// returned outbox.
func WithOutbox(ctx context.Context) (context.Context, *Outbox) {
	o := &Outbox{}
	return context.WithValue(ctx, outboxKey{}, o), o
}

// confirm notes a change the platform has just confirmed.
func confirm(ctx context.Context, kind ChangeKind, b Broadcast) {
	if o, ok := ctx.Value(outboxKey{}).(*Outbox); ok {
		o.mu.Lock()
		o.changes = append(o.changes, Change{Kind: kind, Broadcast: b})
		o.mu.Unlock()
	}
}

// Changes returns the collected changes, in order.
func (o *Outbox) Changes() []Change {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Change(nil), o.changes...)
}

// Flush makes every collected change durable through store, which must
// write outside the finished transaction (a context without one). It is
// idempotent: a change already committed is written again unchanged, so it
// runs whether the operation committed or rolled back. It goes on past a
// failing change and returns every error, joined.
func (o *Outbox) Flush(ctx context.Context, store Store) error {
	var errs []error
	for _, c := range o.Changes() {
		if err := apply(ctx, store, c); err != nil {
			errs = append(errs, fmt.Errorf("recording the platform's %s of %s %s: %w", c.Kind, c.Broadcast.Provider, c.Broadcast.PlatformID, err))
		}
	}
	return errors.Join(errs...)
}

// apply writes one change onto the stored row: only the fields the change
// is about, so facts written after it in the same operation (a refresh's
// totals) stay; a row that is gone (its creation rolled back) is created
// again from the change.
func apply(ctx context.Context, store Store, c Change) error {
	cur, err := store.ByPlatformID(ctx, c.Broadcast.Provider, c.Broadcast.PlatformID)
	if errors.Is(err, ErrNotFound) {
		b := c.Broadcast
		b.ID = ""
		_, err = store.Save(ctx, b)
		return err
	}
	if err != nil {
		return err
	}
	switch c.Kind {
	case ChangeUpdated:
		cur.Spec, cur.Notes = c.Broadcast.Spec, c.Broadcast.Notes
	case ChangeCancelled:
		cur.Status = platform.LiveCancelled
	case ChangeReplayDeleted:
		cur.Replay = platform.ReplayDeleted
	case ChangeCreated:
		return nil // the row is there
	}
	_, err = store.Save(ctx, cur)
	return err
}
