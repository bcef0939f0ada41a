package wecom_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"imbridge/platform"
	simwecom "imbridge/platform/sim/wecom"
)

func TestLivingLifecycleAgainstTheSimulator(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	live := e.client(t, appSecret).Living()
	anchor := e.sim.Org().Users()[0].UserID
	spec := platform.LiveSpec{AnchorUserID: anchor, Title: "季度全员会", Start: time.Now().Add(time.Hour),
		Duration: 30 * time.Minute, Type: platform.LiveActivity, RemindBefore: 5 * time.Minute,
		ActivityImages: []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7"}}
	id, err := live.CreateLive(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := e.sim.GetLiving(id)
	if len(got.ActivityImages) != 5 || got.ActivityImages[4] != "m5" {
		t.Fatalf("activity images sent: %v, want the first 5", got.ActivityImages)
	}
	info, err := live.GetLive(ctx, id)
	if err != nil || info.Status != platform.LiveReserved || info.Title != "季度全员会" || info.Duration != 30*time.Minute {
		t.Fatalf("get: %+v %v", info, err)
	}
	spec.Title = "季度全员会（改）"
	if err := live.UpdateLive(ctx, id, spec); err != nil {
		t.Fatal(err)
	}
	if g, _ := e.sim.GetLiving(id); g.Theme != spec.Title {
		t.Fatalf("modify not applied: %q", g.Theme)
	}
	if err := e.sim.StartLiving(id); err != nil {
		t.Fatal(err)
	}
	// Modify and cancel only while 预约中: the platform refuses.
	for name, call := range map[string]func() error{
		"modify":                   func() error { return live.UpdateLive(ctx, id, spec) },
		"cancel":                   func() error { return live.CancelLive(ctx, id) },
		"delete replay while live": func() error { return live.DeleteLiveReplay(ctx, id) },
	} {
		var pe *platform.Error
		if err := call(); !errors.As(err, &pe) || pe.Code != 40058 {
			t.Errorf("%s while live: %v, want errcode 40058", name, err)
		}
	}
	var viewers []simwecom.WatchRecord
	for i, u := range e.sim.Org().Users()[:7] {
		viewers = append(viewers, simwecom.WatchRecord{UserID: u.UserID, WatchTime: int64(60 * (i + 1)), IsComment: i % 2})
	}
	e.sim.SetWatchStatPageSize(3)
	if err := e.sim.EndLiving(id, viewers...); err != nil {
		t.Fatal(err)
	}
	info, _ = live.GetLive(ctx, id)
	if info.Status != platform.LiveEnded || info.Replay != platform.ReplayGenerating || info.Viewers != 7 || info.Comments != 3 {
		t.Fatalf("after end: %+v", info)
	}
	var pe *platform.Error
	if err := live.DeleteLiveReplay(ctx, id); !errors.As(err, &pe) || pe.Code != 40058 {
		t.Fatalf("delete replay while generating: %v", err)
	}
	stats, err := live.LiveWatchStats(ctx, id)
	if err != nil || len(stats) != 7 || stats[6].Watch != 7*time.Minute || !stats[1].Commented || stats[0].Commented {
		t.Fatalf("watch stats over 3 pages: %+v %v", stats, err)
	}
	_ = e.sim.ReplayReady(id, false)
	if err := live.DeleteLiveReplay(ctx, id); err != nil {
		t.Fatal(err)
	}
	if info, _ = live.GetLive(ctx, id); info.Replay != platform.ReplayDeleted {
		t.Fatalf("replay after delete: %v", info.Replay)
	}
}

func TestLivingCancelAndScope(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	live := e.client(t, appSecret).Living()
	anchor := e.sim.Org().Users()[0].UserID
	id, err := live.CreateLive(ctx, platform.LiveSpec{AnchorUserID: anchor, Title: "t", Start: time.Now().Add(time.Hour), Duration: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if err := live.CancelLive(ctx, id); err != nil {
		t.Fatal(err)
	}
	if info, _ := live.GetLive(ctx, id); info.Status != platform.LiveCancelled {
		t.Fatalf("status %v", info.Status)
	}
	// Another app (not in 直播 › 可调用接口的应用) is refused with 48002.
	other := e.client(t, newSecret).Living()
	var pe *platform.Error
	if _, err := other.GetLive(ctx, id); !errors.As(err, &pe) || pe.Code != 48002 {
		t.Fatalf("other app: %v", err)
	}
	if _, err := live.CreateLive(ctx, platform.LiveSpec{AnchorUserID: "nobody", Title: "t", Start: time.Now().Add(time.Hour), Duration: time.Minute}); !errors.As(err, &pe) || pe.Code != 60111 {
		t.Fatalf("unknown anchor: %v", err)
	}
}
