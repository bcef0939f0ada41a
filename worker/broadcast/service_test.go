package broadcast_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
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
	if b, err = e.svc.ApplyStatus(ctx, broadcast.ProviderWeComLiving, b.PlatformID, platform.LiveLiving, time.Time{}); err != nil || b.Status != platform.LiveLiving {
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

// failingSave is a store whose Save fails (the database refusing the row).
type failingSave struct{ *broadcast.MemoryStore }

var errSave = errors.New("database refused the row")

func (failingSave) Save(context.Context, broadcast.Broadcast) (broadcast.Broadcast, error) {
	return broadcast.Broadcast{}, errSave
}

// A platform write the bridge cannot record is taken back (issue 12
// hardening): a created living is cancelled, an update restored, so no
// room is left on the platform that the bridge does not know.
func TestSaveFailureCompensates(t *testing.T) {
	e := newWeCom(t)
	start := time.Now().Add(2 * time.Hour).Truncate(time.Second)
	in := broadcast.Input{AnchorOAUserID: "oa-1", Title: "原题", Start: start, Duration: time.Hour}
	b, err := e.svc.Create(context.Background(), "t1", "c1", "a1", broadcast.ProviderWeComLiving, in)
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Store = failingSave{e.store}
	if _, err := e.svc.Create(context.Background(), "t1", "c1", "a1", broadcast.ProviderWeComLiving, in); err == nil {
		t.Fatal("create with a failing save succeeded")
	}
	if n := e.sim.Count(wecom.APILivingCancel); n != 1 {
		t.Fatalf("the orphan living was not cancelled: %d cancels", n)
	}
	up := in
	up.Title = "新题"
	if _, err := e.svc.Update(context.Background(), b.ID, up); err == nil {
		t.Fatal("update with a failing save succeeded")
	}
	if l, ok := e.sim.GetLiving(b.PlatformID); !ok || l.Theme != "原题" {
		t.Fatalf("the platform kept the unsaved update: %+v", l)
	}
}

// Status callbacks and the refresh keep the state machine (issue 12
// hardening): a cancelled broadcast is not revived by a callback, an
// older callback than the last refresh is ignored, a room gone on the
// platform becomes cancelled instead of an error on every refresh, and an
// unknown status or ActivityID is dropped as ErrUnknownEvent.
func TestVolcanoCallbacksKeepTheStateMachine(t *testing.T) {
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

	// Cancelled, then a signed "直播中" callback: stays cancelled.
	b, err := svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderVolcanoLive, in())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Cancel(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.ApplyVolcanoEvent(ctx, volcano.StatusEvent{ActivityID: b.PlatformID, Status: 1, Timestamp: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Get(ctx, b.ID); got.Status != platform.LiveCancelled {
		t.Fatalf("a callback revived a cancelled broadcast: %s", got.Status)
	}

	// Live by a callback, then an older "预告" (reserved) one: ignored.
	b2, err := svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderVolcanoLive, in())
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.ParseInt(b2.PlatformID, 10, 64)
	_, _ = sim.SetStatus(n, 1)
	if err := svc.ApplyVolcanoEvent(ctx, volcano.StatusEvent{ActivityID: b2.PlatformID, Status: 1, Timestamp: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := svc.ApplyVolcanoEvent(ctx, volcano.StatusEvent{ActivityID: b2.PlatformID, Status: 2, Timestamp: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Get(ctx, b2.ID); got.Status != platform.LiveLiving {
		t.Fatalf("an older callback won: %s", got.Status)
	}

	// A forward move, but dated before the last refresh (which read the
	// platform after it): stale, ignored.
	b4, err := svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderVolcanoLive, in())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Refresh(ctx, b4.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.ApplyVolcanoEvent(ctx, volcano.StatusEvent{ActivityID: b4.PlatformID, Status: 4, Timestamp: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Get(ctx, b4.ID); got.Status != platform.LiveReserved {
		t.Fatalf("a stale callback applied: %s", got.Status)
	}

	// The room deleted behind the bridge's back (a cancel whose row was
	// lost): the refresh job marks it cancelled, with a note, once.
	b3, err := svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderVolcanoLive, in())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Live().CancelLive(ctx, b3.PlatformID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RefreshUnsettled(ctx); err != nil {
		t.Fatalf("refresh job: %v", err)
	}
	got, _ := store.Get(ctx, b3.ID)
	if got.Status != platform.LiveCancelled || len(got.Notes) == 0 {
		t.Fatalf("gone room: %s %v", got.Status, got.Notes)
	}
	if ids, _ := store.Unsettled(ctx); len(ids) != 2 || slices.Contains(ids, b3.ID) {
		t.Fatalf("unsettled after: %v", ids)
	}

	// Unknown status, a non-id ActivityID: ErrUnknownEvent, nothing read.
	for _, ev := range []volcano.StatusEvent{{ActivityID: b2.PlatformID, Status: 99}, {ActivityID: b2.PlatformID, Status: -1},
		{ActivityID: strings.Repeat("9", 5000), Status: 1}} {
		if broadcast.KnownVolcanoEvent(ev) || !errors.Is(svc.ApplyVolcanoEvent(ctx, ev), broadcast.ErrUnknownEvent) {
			t.Fatalf("event %d/%.20s not dropped", ev.Status, ev.ActivityID)
		}
	}
}

func TestStatusMayMove(t *testing.T) {
	for _, tc := range []struct {
		from, to platform.LiveStatus
		ok       bool
	}{
		{platform.LiveReserved, platform.LiveLiving, true}, {platform.LiveLiving, platform.LiveEnded, true},
		{platform.LiveReserved, platform.LiveCancelled, true}, {platform.LiveLiving, platform.LiveReserved, false},
		{platform.LiveCancelled, platform.LiveLiving, false}, {platform.LiveEnded, platform.LiveLiving, false},
		{platform.LiveExpired, platform.LiveReserved, false}, {platform.LiveEnded, platform.LiveCancelled, false},
	} {
		if got := broadcast.StatusMayMove(tc.from, tc.to); got != tc.ok {
			t.Errorf("%s → %s: %v", tc.from, tc.to, got)
		}
	}
}
