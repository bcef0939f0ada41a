package worker

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/ent/app"
	entbroadcast "imbridge/ent/broadcast"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/seal"
	"imbridge/platform"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
	simwecom "imbridge/platform/sim/wecom"
	"imbridge/worker/broker"
)

// WeCom's living_status_change, as queued by the callback endpoint, moves
// the broadcast it names (and reads the rest from WeCom); one for a
// living the bridge does not know is dropped without retries. The
// periodic refresh then catches a change whose callback was lost.
func TestLivingStatusChangeAndRefreshJob(t *testing.T) {
	db := dbtest.Open(t)
	tn, ctx := dbtest.Tenant(t, db.Client, "acme")
	b := broker.OpenTest(t)
	org := simwecom.Generate(simwecom.GenOptions{Users: 5, Departments: 1, CorpID: "wwjob0001", Seed: 2})
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "s", Living: true}}})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	sealer, err := seal.New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	c := db.Client.Corp.Create().SetName("企微").SetPlatform("wecom").SetCorpID("wwjob0001").SetAPIBaseURL(srv.URL).SaveX(ctx)
	a := db.Client.App.Create().SetCorpID(c.ID).SetName("OA").SetAppID("1000002").
		SetAppSecretSealed(sealer.Seal(app.FieldAppSecretSealed, "s")).SetSecretsBaseURL(appclient.BaseURL(c)).SaveX(ctx)
	platforms := &appclient.Factory{Sealer: sealer, Broker: b, Egress: egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")})}
	s := NewServer(ServerParams{Broker: b, DB: db.Client, Client: NewClient(b), Platforms: platforms, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	live, err := platforms.Live(a, c, appclient.ProviderWeComLiving)
	if err != nil {
		t.Fatal(err)
	}
	anchor := db.Client.User.Create().SetExternalID("U1").SetName("Alice").SaveX(ctx)
	mk := func(title string) *ent.Broadcast {
		pid, err := live.CreateLive(ctx, specFor(org.Users()[0].UserID, title))
		if err != nil {
			t.Fatal(err)
		}
		return db.Client.Broadcast.Create().SetCorpID(c.ID).SetAppID(a.ID).SetProvider(entbroadcast.ProviderWecomLiving).
			SetAnchorOaUserID(anchor.ID).SetAnchorImUserID(org.Users()[0].UserID).SetTitle(title).SetStartTime(time.Now().Add(time.Hour)).
			SetDurationSeconds(3600).SetPlatformID(pid).SaveX(ctx)
	}
	first, second := mk("一场"), mk("二场")

	event := func(living, status string) *asynq.Task {
		data, _ := json.Marshal(wecomEventPayload{TenantID: tn.ID, AppID: a.ID, EventID: "e-" + living + status, Event: "living_status_change", LivingID: living, Status: status})
		return asynq.NewTask(TypeWeComEvent, data)
	}
	_ = sim.StartLiving(first.PlatformID)
	if err := s.wecomEvent(context.Background(), event(first.PlatformID, "1")); err != nil {
		t.Fatal(err)
	}
	if got := db.Client.Broadcast.GetX(ctx, first.ID); got.Status != entbroadcast.StatusLIVE || got.RefreshedAt == nil {
		t.Fatalf("after the callback: %s", got.Status)
	}
	if err := s.wecomEvent(context.Background(), event("lvUNKNOWN", "1")); !errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("unknown living: %v", err)
	}

	// The second one ends with no callback reaching us: the refresh job
	// reads it, with its viewers.
	_ = sim.StartLiving(second.PlatformID)
	_ = sim.EndLiving(second.PlatformID, simwecom.WatchRecord{UserID: org.Users()[1].UserID, WatchTime: 300})
	if err := s.broadcastRefresh(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	got := db.Client.Broadcast.GetX(ctx, second.ID)
	if got.Status != entbroadcast.StatusENDED || got.ReplayStatus != entbroadcast.ReplayStatusGENERATING || got.TotalWatchSeconds != 300 {
		t.Fatalf("refreshed: %s %s %d", got.Status, got.ReplayStatus, got.TotalWatchSeconds)
	}
	if n := got.QueryWatchers().CountX(ctx); n != 1 {
		t.Fatalf("viewers: %d", n)
	}
}

func specFor(anchor, title string) platform.LiveSpec {
	return platform.LiveSpec{AnchorUserID: anchor, Title: title, Start: time.Now().Add(time.Hour), Duration: time.Hour}
}
