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
