package broadcast_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"imbridge/platform"
	"imbridge/worker/broadcast"
)

// The outbox keeps what the platform confirmed even when the write that
// should have recorded it fails (here: the operation's store refuses the
// save right after the platform call): the flush, onto the durable store,
// records the cancel; a flush after a committed write changes nothing.
func TestOutboxKeepsConfirmedChanges(t *testing.T) {
	e := newWeCom(t)
	durable := e.store
	b, err := e.svc.Create(context.Background(), "t1", "c1", "a1", broadcast.ProviderWeComLiving, in())
	if err != nil {
		t.Fatal(err)
	}
	ctx, box := broadcast.WithOutbox(context.Background())
	e.svc.Store = failingSave{durable}
	if _, err := e.svc.Cancel(ctx, b.ID); err == nil {
		t.Fatal("cancel with a failing save succeeded")
	}
	if l, _ := e.sim.GetLiving(b.PlatformID); l.Status != 4 {
		t.Fatalf("WeCom did not cancel: %+v", l)
	}
	if got, _ := durable.Get(context.Background(), b.ID); got.Status != platform.LiveReserved {
		t.Fatalf("precondition: the failed save left %v", got.Status)
	}
	if cs := box.Changes(); len(cs) != 1 || cs[0].Kind != broadcast.ChangeCancelled {
		t.Fatalf("outbox: %+v", cs)
	}
	if err := box.Flush(context.Background(), durable); err != nil {
		t.Fatal(err)
	}
	got, _ := durable.Get(context.Background(), b.ID)
	if got.Status != platform.LiveCancelled || got.Spec.Title != b.Spec.Title {
		t.Fatalf("after the flush: %+v", got)
	}
	// Idempotent: flushing again leaves it as it is.
	if err := box.Flush(context.Background(), durable); err != nil {
		t.Fatal(err)
	}
	if again, _ := durable.Get(context.Background(), b.ID); again.Status != platform.LiveCancelled {
		t.Fatalf("second flush: %+v", again)
	}
}

// A flush that cannot write says which change it lost.
func TestOutboxFlushReportsFailures(t *testing.T) {
	e := newWeCom(t)
	ctx, box := broadcast.WithOutbox(context.Background())
	b, err := e.svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderWeComLiving, in())
	if err != nil {
		t.Fatal(err)
	}
	err = box.Flush(context.Background(), failingSave{&broadcast.MemoryStore{}})
	if err == nil || !errors.Is(err, errSave) {
		t.Fatalf("flush onto a failing store: %v", err)
	}
	if want := b.PlatformID; !strings.Contains(err.Error(), want) {
		t.Fatalf("the error does not name the room %s: %v", want, err)
	}
}
