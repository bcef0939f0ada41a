package broadcast_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/platform"
	simwecom "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/worker/broadcast"
	"imbridge/worker/broker"
)

// TestEntStoreLifecycleAndTenancy runs a WeCom broadcast through the
// engine on the database: stored, refreshed with per-viewer records, and
// invisible to another tenant.
func TestEntStoreLifecycleAndTenancy(t *testing.T) {
	db := dbtest.Open(t).Client
	_, ctxA := dbtest.Tenant(t, db, "a")
	_, ctxB := dbtest.Tenant(t, db, "b")
	org := simwecom.Generate(simwecom.GenOptions{Users: 10, Departments: 2, FanOut: 2, Seed: 5})
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "s", Living: true}}})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	c, err := wecom.New(wecom.Params{CorpID: org.CorpID, AgentID: "1000002", Secret: "s", BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress})
	if err != nil {
		t.Fatal(err)
	}
	users := org.Users()
	svc := &broadcast.Service{Store: &broadcast.EntStore{DB: db}, Anchors: anchors{"7": users[0].UserID},
		Live: func(context.Context, string, string, string) (platform.Live, error) { return c.Living(), nil }}
	in := broadcast.Input{AnchorOAUserID: "7", Title: "全员会", Start: time.Now().Add(time.Hour), Duration: time.Hour,
		Type: ptr(platform.LiveActivity), ActivityImages: []string{"1", "2", "3", "4", "5", "6"}}
	b, err := svc.Create(ctxA, "", "1", "1", broadcast.ProviderWeComLiving, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Notes) != 1 || len(b.Spec.ActivityImages) != 5 || b.Spec.Type != platform.LiveActivity {
		t.Fatalf("stored: %+v", b)
	}
	_ = sim.StartLiving(b.PlatformID)
	_ = sim.EndLiving(b.PlatformID, simwecom.WatchRecord{UserID: users[1].UserID, WatchTime: 300, IsComment: 1},
		simwecom.WatchRecord{UserID: users[2].UserID, WatchTime: 60})
	if b, err = svc.Refresh(ctxA, b.ID); err != nil || b.Status != platform.LiveEnded || b.Replay != platform.ReplayGenerating || b.Stats.TotalWatch != 6*time.Minute {
		t.Fatalf("refresh: %+v %v", b, err)
	}
	id, _ := strconv.Atoi(b.ID)
	vs, err := db.Broadcast.Query().Where().QueryWatchers().All(ctxA)
	if err != nil || len(vs) != 2 {
		t.Fatalf("viewers: %v %v", vs, err)
	}
	// A second refresh replaces, not appends.
	if _, err = svc.Refresh(ctxA, b.ID); err != nil {
		t.Fatal(err)
	}
	if n := db.BroadcastViewer.Query().CountX(ctxA); n != 2 {
		t.Fatalf("viewers after a second refresh: %d", n)
	}
	// Tenant B sees nothing and can change nothing.
	if _, err := svc.Refresh(ctxB, b.ID); !errors.Is(err, broadcast.ErrNotFound) {
		t.Fatalf("tenant B refresh: %v", err)
	}
	if _, err := svc.Cancel(ctxB, b.ID); !errors.Is(err, broadcast.ErrNotFound) {
		t.Fatalf("tenant B cancel: %v", err)
	}
	if _, err := db.Broadcast.Get(ctxB, id); !ent.IsNotFound(err) {
		t.Fatalf("tenant B get: %v", err)
	}
	if n := db.BroadcastViewer.Query().CountX(ctxB); n != 0 {
		t.Fatalf("tenant B sees %d viewers", n)
	}
}

func ptr[T any](v T) *T { return &v }

// TestRefreshJobCatchesMissedCallbacks: no callback arrives; the refresh
// job finds the living ended (then its replay ready) and stops once settled.
func TestRefreshJobCatchesMissedCallbacks(t *testing.T) {
	db := dbtest.Open(t).Client
	_, ctx := dbtest.Tenant(t, db, "a")
	org := simwecom.Generate(simwecom.GenOptions{Users: 5, Departments: 1, FanOut: 1, Seed: 5})
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "s", Living: true}}})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	c, _ := wecom.New(wecom.Params{CorpID: org.CorpID, AgentID: "1000002", Secret: "s", BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress})
	svc := &broadcast.Service{Store: &broadcast.EntStore{DB: db}, Anchors: anchors{"7": org.Users()[0].UserID},
		Live: func(context.Context, string, string, string) (platform.Live, error) { return c.Living(), nil }}
	b, err := svc.Create(ctx, "", "1", "1", broadcast.ProviderWeComLiving, broadcast.Input{AnchorOAUserID: "7", Title: "t", Start: time.Now().Add(time.Hour), Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	_ = sim.StartLiving(b.PlatformID)
	_ = sim.EndLiving(b.PlatformID)
	if n, err := svc.RefreshUnsettled(ctx); n != 1 || err != nil {
		t.Fatalf("first run: %d %v", n, err)
	}
	if got, _ := svc.Store.Get(ctx, b.ID); got.Status != platform.LiveEnded || got.Replay != platform.ReplayGenerating {
		t.Fatalf("after first run: %v %v", got.Status, got.Replay)
	}
	_ = sim.ReplayReady(b.PlatformID, false)
	if n, _ := svc.RefreshUnsettled(ctx); n != 1 {
		t.Fatalf("second run refreshed %d", n)
	}
	if n, _ := svc.RefreshUnsettled(ctx); n != 0 {
		t.Fatalf("a settled broadcast (ended, replay ready) was refreshed again: %d", n)
	}
}
