package broadcast_test

import (
	"context"
	"testing"

	"imbridge/platform"
	simwecom "imbridge/platform/sim/wecom"
	"imbridge/worker/broadcast"
)

// slowRead is a platform whose next GetLive answers what it read, after
// during has run: another refresh that read later and saved first.
type slowRead struct {
	platform.Live
	during func()
}

func (s *slowRead) GetLive(ctx context.Context, id string) (platform.LiveInfo, error) {
	info, err := s.Live.GetLive(ctx, id)
	if f := s.during; f != nil {
		s.during = nil
		f()
	}
	return info, err
}

// Two refreshes race (a status callback's job and a console read): the one
// that read the room live saves after the one that read it ended with its
// replay ready. The stored broadcast stays ended, with its replay and
// viewers; the stale answer is dropped, not saved over them.
func TestAStaleRefreshDoesNotMoveTheBroadcastBack(t *testing.T) {
	e := newWeCom(t)
	ctx := context.Background()
	b, err := e.svc.Create(ctx, "t1", "c1", "a1", broadcast.ProviderWeComLiving, in())
	if err != nil {
		t.Fatal(err)
	}
	live, err := e.svc.Live(ctx, broadcast.ProviderWeComLiving, "c1", "a1")
	if err != nil {
		t.Fatal(err)
	}
	slow := &slowRead{Live: live}
	e.svc.Live = func(context.Context, string, string, string) (platform.Live, error) { return slow, nil }
	if err := e.sim.StartLiving(b.PlatformID); err != nil {
		t.Fatal(err)
	}
	viewer := e.sim.Org().Users()[1].UserID
	slow.during = func() {
		_ = e.sim.EndLiving(b.PlatformID, simwecom.WatchRecord{UserID: viewer, WatchTime: 600})
		_ = e.sim.ReplayReady(b.PlatformID, false)
		if later, err := e.svc.Refresh(ctx, b.ID); err != nil || later.Status != platform.LiveEnded {
			t.Errorf("the later refresh: %+v %v", later, err)
		}
	}
	got, err := e.svc.Refresh(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := e.store.Get(ctx, b.ID)
	for _, x := range []broadcast.Broadcast{got, stored} {
		if x.Status != platform.LiveEnded || x.Replay != platform.ReplayReady {
			t.Fatalf("after the stale answer: status %v replay %v, want ended with its replay ready", x.Status, x.Replay)
		}
	}
	if v := e.store.Viewers(b.ID); len(v) != 1 {
		t.Fatalf("viewers after the stale answer: %+v", v)
	}
}
