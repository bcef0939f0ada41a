package volcano_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"imbridge/platform"
	simvolcano "imbridge/platform/sim/volcano"
)

// Every viewer row is read with the scrolling query (1,201 rows: three
// pages of 500), and the rows of a viewer who came back are merged:
// watch time and comments summed, one record per viewer.
func TestViewersScrolledAndMerged(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	live := e.client(t, ak, sk).Live()
	id, err := live.CreateLive(ctx, platform.LiveSpec{Title: "全员会", Start: time.Now().Add(time.Hour), Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	var rows []simvolcano.Behaviour
	for i := range 1200 {
		rows = append(rows, simvolcano.Behaviour{UserID: int64(1000 + i), ExternalUserID: "ou_" + strconv.Itoa(i), UserName: "观众" + strconv.Itoa(i), WatchTime: 60})
	}
	// Viewer 0 came back: a second row with more watch time and comments.
	rows = append(rows, simvolcano.Behaviour{UserID: 1000, ExternalUserID: "ou_0", UserName: "观众0", WatchTime: 240, CommentCounts: 3})
	e.sim.SetBehaviour(n, rows...)
	vs, err := live.LiveWatchStats(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1200 {
		t.Fatalf("%d viewers, want 1200", len(vs))
	}
	if v := vs[0]; v.ExternalUserID != "ou_0" || v.Watch != 5*time.Minute || v.Comments != 3 || !v.Commented || v.Name != "观众0" {
		t.Fatalf("merged viewer: %+v", v)
	}
	if v := vs[1199]; v.ExternalUserID != "ou_1199" || v.Watch != time.Minute || v.Commented {
		t.Fatalf("last viewer: %+v", v)
	}
	calls := 0
	for _, a := range e.sim.Requests() {
		if a == "ListUserBehaviorDataAPIV2" {
			calls++
		}
	}
	if calls != 4 { // 500 + 500 + 201, then the empty page that ends the scroll
		t.Fatalf("%d ListUserBehaviorDataAPIV2 calls, want 4", calls)
	}
}
