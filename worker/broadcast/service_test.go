package broadcast_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/egress"
	simvolcano "imbridge/platform/sim/volcano"
	simwecom "imbridge/platform/sim/wecom"
	"imbridge/platform/volcano"
	"imbridge/platform/wecom"
	wecomcallback "imbridge/platform/wecom/callback"
	"imbridge/worker/broadcast"
	"imbridge/worker/broker"
)

var simEgress = egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")})

// anchors binds OA users to IM users; "oa-out" is out of range.
type anchors map[string]string

func (a anchors) Resolve(_ context.Context, _, _, oa string) (string, error) {
	if oa == "oa-out" {
		return "", broadcast.ErrOutOfRange
	}
	im, ok := a[oa]
	if !ok {
		return "", broadcast.ErrNotBound
	}
	return im, nil
}

type wecomEnv struct {
	sim   *simwecom.Server
	svc   *broadcast.Service
	store *broadcast.MemoryStore
}

func newWeCom(t *testing.T) *wecomEnv {
	org := simwecom.Generate(simwecom.GenOptions{Users: 20, Departments: 3, FanOut: 2, Seed: 3})
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "s", Living: true}}})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	c, err := wecom.New(wecom.Params{CorpID: org.CorpID, AgentID: "1000002", Secret: "s", BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress})
	if err != nil {
		t.Fatal(err)
	}
	users := org.Users()
	store := &broadcast.MemoryStore{}
	svc := &broadcast.Service{Store: store,
		Anchors: anchors{"oa-1": users[0].UserID, "oa-ghost": "not-in-wecom"},
		Live:    func(context.Context, string, string, string) (platform.Live, error) { return c.Living(), nil }}
	return &wecomEnv{sim: sim, svc: svc, store: store}
}

func in() broadcast.Input {
	return broadcast.Input{AnchorOAUserID: "oa-1", Title: "季度全员会", Start: time.Now().Add(time.Hour), Duration: time.Hour}
}

func fieldRule(err error) string {
	var fe broadcast.FieldErrors
	if errors.As(err, &fe) {
		return fe[0].Field + "/" + fe[0].Rule
	}
	return ""
}

func TestRulesRefuseBeforeThePlatform(t *testing.T) {
	e := newWeCom(t)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		mod  func(*broadcast.Input)
		want string
	}{
		"not bound":    {func(i *broadcast.Input) { i.AnchorOAUserID = "oa-2" }, "anchor/bound"},
		"out of range": {func(i *broadcast.Input) { i.AnchorOAUserID = "oa-out" }, "anchor/visible_range"},
		"long title":   {func(i *broadcast.Input) { i.Title = "一二三四五六七八九十一二三四五六七八九十一" }, "title/max_length"},
		"past start":   {func(i *broadcast.Input) { i.Start = time.Now().Add(-time.Minute) }, "start/future"},
	} {
		i := in()
		tc.mod(&i)
		if _, err := e.svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderWeComLiving, i); fieldRule(err) != tc.want {
			t.Errorf("%s: %v, want %s", name, err, tc.want)
		}
	}
	if n := e.sim.Count(wecom.APILivingCreate); n != 0 {
		t.Fatalf("living/create called %d times for refused inputs", n)
	}
	// The platform's own refusal comes back as a PlatformError with its code.
	i := in()
	i.AnchorOAUserID = "oa-ghost"
	var pe *broadcast.PlatformError
	if _, err := e.svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderWeComLiving, i); !errors.As(err, &pe) || pe.Err.Code != 60111 {
		t.Fatalf("platform refusal: %v", err)
	}
}

func TestWeComBroadcastLifecycle(t *testing.T) {
	e := newWeCom(t)
	ctx := context.Background()
	b, err := e.svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderWeComLiving, in())
	if err != nil || b.Status != platform.LiveReserved || b.PlatformID == "" {
		t.Fatalf("create: %+v %v", b, err)
	}
	if _, err := e.svc.DeleteReplay(ctx, b.ID); fieldRule(err) != "id/ended_with_replay" {
		t.Fatalf("delete replay while reserved: %v", err)
	}
	up := in()
	up.Title = "季度全员会（改）"
	if b, err = e.svc.Update(ctx, b.ID, up); err != nil {
		t.Fatal(err)
	}
	if l, _ := e.sim.GetLiving(b.PlatformID); l.Theme != "季度全员会（改）" {
		t.Fatalf("modify not sent: %q", l.Theme)
	}
	_ = e.sim.StartLiving(b.PlatformID)
	// The status callback (verified by the handler) moves it; update and
	// cancel are then refused by our rules, without a platform call.
	if b, err = e.svc.ApplyStatus(ctx, broadcast.ProviderWeComLiving, b.PlatformID, platform.LiveLiving); err != nil || b.Status != platform.LiveLiving {
		t.Fatalf("apply status: %+v %v", b, err)
	}
	modifies := e.sim.Count(wecom.APILivingModify)
	if _, err := e.svc.Update(ctx, b.ID, up); fieldRule(err) != "id/reserved_only" {
		t.Fatalf("update while live: %v", err)
	}
	if _, err := e.svc.Cancel(ctx, b.ID); fieldRule(err) != "id/reserved_only" {
		t.Fatalf("cancel while live: %v", err)
	}
	if e.sim.Count(wecom.APILivingModify) != modifies || e.sim.Count(wecom.APILivingCancel) != 0 {
		t.Fatal("a refused operation reached the platform")
	}
	users := e.sim.Org().Users()
	_ = e.sim.EndLiving(b.PlatformID, simwecom.WatchRecord{UserID: users[1].UserID, WatchTime: 600, IsComment: 1},
		simwecom.WatchRecord{UserID: users[2].UserID, WatchTime: 120, IsMic: 1})
	e.sim.SetWatchStatPageSize(1)
	// Ended, replay generating: delete refused; the refresh stores viewers.
	if _, err := e.svc.DeleteReplay(ctx, b.ID); fieldRule(err) != "id/ended_with_replay" {
		t.Fatalf("delete replay while generating: %v", err)
	}
	if v := e.store.Viewers(b.ID); len(v) != 2 || v[0].Watch != 10*time.Minute || !v[1].Mic {
		t.Fatalf("viewers: %+v", v)
	}
	_ = e.sim.ReplayReady(b.PlatformID, false)
	if b, err = e.svc.DeleteReplay(ctx, b.ID); err != nil || b.Replay != platform.ReplayDeleted {
		t.Fatalf("delete replay: %+v %v", b, err)
	}
	if b.Stats.TotalWatch != 12*time.Minute || b.Stats.Viewers != 2 || b.Stats.Comments != 1 {
		t.Fatalf("stats: %+v", b.Stats)
	}
}

func TestWeComCancel(t *testing.T) {
	e := newWeCom(t)
	ctx := context.Background()
	b, err := e.svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderWeComLiving, in())
	if err != nil {
		t.Fatal(err)
	}
	if b, err = e.svc.Cancel(ctx, b.ID); err != nil || b.Status != platform.LiveCancelled {
		t.Fatalf("cancel: %+v %v", b, err)
	}
	if l, _ := e.sim.GetLiving(b.PlatformID); l.Status != 4 {
		t.Fatalf("sim status %d", l.Status)
	}
	if _, err := e.svc.Cancel(ctx, b.ID); fieldRule(err) != "id/reserved_only" {
		t.Fatalf("second cancel: %v", err)
	}
}

func TestVolcanoBroadcast(t *testing.T) {
	sim := simvolcano.New(simvolcano.Config{Keys: map[string]string{"ak": "sk"}})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c, err := volcano.New(volcano.Params{AccessKeyID: "ak", SecretAccessKey: "sk", BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress})
	if err != nil {
		t.Fatal(err)
	}
	store := &broadcast.MemoryStore{}
	svc := &broadcast.Service{Store: store, Anchors: anchors{"oa-1": "ou_1"},
		Live: func(context.Context, string, string, string) (platform.Live, error) { return c.Live(), nil }}
	ctx := context.Background()
	b, err := svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderVolcanoLive, in())
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.ParseInt(b.PlatformID, 10, 64)
	sim.SetWatch(n, 50, 20, 9, 200)
	_, _ = sim.SetStatus(n, 3) // 回放
	if b, err = svc.Refresh(ctx, b.ID); err != nil || b.Status != platform.LiveEnded || b.Replay != platform.ReplayReady || b.Stats.PeakOnline != 9 || b.ViewURL == "" {
		t.Fatalf("refresh: %+v %v", b, err)
	}
	// Volcano has no replay-delete API: a field error, not a platform call.
	if _, err := svc.DeleteReplay(ctx, b.ID); fieldRule(err) != "id/unsupported" {
		t.Fatalf("delete replay: %v", err)
	}
	if _, err := svc.Update(ctx, b.ID, in()); fieldRule(err) != "id/reserved_only" {
		t.Fatalf("update after end: %v", err)
	}
}

func TestCallbacksApply(t *testing.T) {
	e := newWeCom(t)
	ctx := context.Background()
	b, err := e.svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderWeComLiving, in())
	if err != nil {
		t.Fatal(err)
	}
	_ = e.sim.StartLiving(b.PlatformID)
	if ok, err := e.svc.ApplyWeComEvent(ctx, wecomcallback.Event{Event: "change_contact"}); ok || err != nil {
		t.Fatalf("other event: %v %v", ok, err)
	}
	if _, err := e.svc.ApplyWeComEvent(ctx, wecomcallback.Event{Event: "living_status_change", LivingID: b.PlatformID, Status: "9"}); err == nil {
		t.Fatal("status 9 accepted")
	}
	if ok, err := e.svc.ApplyWeComEvent(ctx, wecomcallback.Event{Event: "living_status_change", LivingID: b.PlatformID, Status: "1"}); !ok || err != nil {
		t.Fatalf("apply: %v %v", ok, err)
	}
	if got, _ := e.store.Get(ctx, b.ID); got.Status != platform.LiveLiving {
		t.Fatalf("status %v", got.Status)
	}
	if _, err := e.svc.ApplyWeComEvent(ctx, wecomcallback.Event{Event: "living_status_change", LivingID: "unknown", Status: "1"}); !errors.Is(err, broadcast.ErrNotFound) {
		t.Fatalf("unknown living: %v", err)
	}
}
