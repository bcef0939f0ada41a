package progress_test

import (
	"context"
	"testing"
	"time"

	"imbridge/worker/broker"
	"imbridge/worker/progress"
)

func TestHubFansOutAndFiltersTenant(t *testing.T) {
	b := broker.OpenTest(t)
	ctx := context.Background()
	h := progress.NewHub(progress.HubParams{Broker: b})
	if err := h.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer h.Stop()

	mine, stop1 := h.Subscribe(1, 42)
	defer stop1()
	also, stop2 := h.Subscribe(1, 42)
	defer stop2()
	foreign, stop3 := h.Subscribe(2, 42)
	defer stop3()

	for i := 1; i <= 3; i++ {
		if err := progress.Publish(ctx, b, progress.Event{RunID: 42, TenantID: 1, Status: "running", Total: 3, Done: i}); err != nil {
			t.Fatal(err)
		}
	}
	for _, ch := range []<-chan progress.Event{mine, also} {
		for i := 1; i <= 3; i++ {
			select {
			case e := <-ch:
				if e.Done != i {
					t.Fatalf("event %d: done=%d", i, e.Done)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("event %d not received", i)
			}
		}
	}
	select {
	case e := <-foreign:
		t.Fatalf("subscriber of another tenant received %+v", e)
	case <-time.After(200 * time.Millisecond):
	}
	last, err := progress.Last(ctx, b, 42)
	if err != nil || last == nil || last.Done != 3 {
		t.Fatalf("Last = %+v, %v", last, err)
	}
}

// A tenant's listener hears every run of its tenant, with the corp and kind
// it filters on, and nothing of another tenant; ending it closes its channel.
func TestHubTenantListenerHearsEveryRunOfItsTenantOnly(t *testing.T) {
	b := broker.OpenTest(t)
	ctx := context.Background()
	h := progress.NewHub(progress.HubParams{Broker: b})
	if err := h.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer h.Stop()

	tenant1, stop := h.SubscribeTenant(1)
	tenant2, stop2 := h.SubscribeTenant(2)
	defer stop2()
	for _, e := range []progress.Event{
		{RunID: 7, TenantID: 1, CorpID: 3, Kind: "im_pull", Status: "running"},
		{RunID: 8, TenantID: 2, CorpID: 4, Kind: "im_pull", Status: "running"},
		{RunID: 9, TenantID: 1, CorpID: 5, Kind: "oa_to_im", Status: "succeeded"},
	} {
		if err := progress.Publish(ctx, b, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []progress.Event{{RunID: 7, CorpID: 3, Kind: "im_pull"}, {RunID: 9, CorpID: 5, Kind: "oa_to_im"}} {
		select {
		case e := <-tenant1:
			if e.RunID != want.RunID || e.CorpID != want.CorpID || e.Kind != want.Kind {
				t.Fatalf("tenant 1 heard %+v, want run %d of corp %d (%s)", e, want.RunID, want.CorpID, want.Kind)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("tenant 1 did not hear run %d", want.RunID)
		}
	}
	select {
	case e := <-tenant2:
		if e.RunID != 8 {
			t.Fatalf("tenant 2 heard another tenant's run: %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("tenant 2 did not hear its run")
	}
	select {
	case e := <-tenant2:
		t.Fatalf("tenant 2 heard %+v", e)
	case <-time.After(200 * time.Millisecond):
	}
	stop()
	if _, open := <-tenant1; open {
		t.Fatal("an ended listener's channel stays open")
	}
}
