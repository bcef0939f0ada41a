package graph_test

import (
	"context"
	"testing"

	"imbridge/ent/broadcast"
	"imbridge/ent/viewer"
	simwecom "imbridge/platform/sim/wecom"
)

// A platform change is kept when the operation's transaction rolls back:
// the same mutation operation deletes a replay (WeCom carries it out) and
// then fails on a second field (NOT_FOUND), so entgql.Transactioner rolls
// the transaction back; the broadcast must still say DELETED, not READY.
// Likewise a cancel and a create: the cancelled room stays CANCELLED, the
// created room keeps a row.
func TestBroadcastPlatformChangeSurvivesRollback(t *testing.T) {
	e := newBroadcastEnv(t)
	ctx := viewer.System(context.Background(), "test", e.tenant.ID)
	row := func(id string) *entBroadcast {
		t.Helper()
		b := e.env.Client.Broadcast.GetX(ctx, atoi(t, id))
		return &entBroadcast{Status: string(b.Status), Replay: string(b.ReplayStatus)}
	}

	var out struct{ CreateBroadcast gqlBroadcast }
	e.adm.MustDo(createBroadcast, map[string]any{"in": e.input(nil)}, &out)
	b := out.CreateBroadcast
	_ = e.sim.StartLiving(b.PlatformID)
	_ = e.sim.EndLiving(b.PlatformID, simwecom.WatchRecord{UserID: e.sim.Org().Users()[2].UserID, WatchTime: 60})
	_ = e.sim.ReplayReady(b.PlatformID, false)
	e.adm.MustDo(`query($id: ID!) { broadcast(id: $id) { id } }`, map[string]any{"id": b.ID}, nil)
	if r := row(b.ID); r.Replay != "READY" {
		t.Fatalf("before: %+v", r)
	}
	const delThenFail = `mutation($id: ID!, $missing: ID!) {
		a: deleteBroadcastReplay(id: $id) { id replayStatus }
		b: cancelBroadcast(id: $missing) { id } }`
	missing := "999999"
	if code, _ := e.adm.ErrCode(delThenFail, map[string]any{"id": b.ID, "missing": missing}); code != "NOT_FOUND" {
		t.Fatalf("second field: %s", code)
	}
	if l, _ := e.sim.GetLiving(b.PlatformID); l.ReplayStatus != 2 {
		t.Fatalf("WeCom did not delete the replay: %+v", l)
	}
	if r := row(b.ID); r.Replay != "DELETED" || r.Status != "ENDED" {
		t.Fatalf("after the rollback the replay must stay deleted: %+v", r)
	}

	// A cancel rolled back with its operation.
	var c2 struct{ CreateBroadcast gqlBroadcast }
	e.adm.MustDo(createBroadcast, map[string]any{"in": e.input(nil)}, &c2)
	const cancelThenFail = `mutation($id: ID!, $missing: ID!) {
		a: cancelBroadcast(id: $id) { id status }
		b: cancelBroadcast(id: $missing) { id } }`
	if code, _ := e.adm.ErrCode(cancelThenFail, map[string]any{"id": c2.CreateBroadcast.ID, "missing": missing}); code != "NOT_FOUND" {
		t.Fatalf("second field: %s", code)
	}
	if l, _ := e.sim.GetLiving(c2.CreateBroadcast.PlatformID); l.Status != 4 {
		t.Fatalf("WeCom did not cancel: %+v", l)
	}
	if r := row(c2.CreateBroadcast.ID); r.Status != "CANCELLED" {
		t.Fatalf("after the rollback the cancel must stay: %+v", r)
	}

	// A create rolled back with its operation: the room WeCom made keeps a
	// row (found by its livingid), so it can still be cancelled.
	const createThenFail = `mutation($in: CreateBroadcastInput!, $missing: ID!) {
		a: createBroadcast(input: $in) { id platformID }
		b: cancelBroadcast(id: $missing) { id } }`
	before := e.env.Client.Broadcast.Query().CountX(ctx)
	if code, _ := e.adm.ErrCode(createThenFail, map[string]any{"in": e.input(map[string]any{"title": "回滚的直播"}), "missing": missing}); code != "NOT_FOUND" {
		t.Fatalf("second field: %s", code)
	}
	got := e.env.Client.Broadcast.Query().Where(broadcast.Title("回滚的直播")).AllX(ctx)
	if len(got) != 1 || got[0].PlatformID == "" || got[0].Status != broadcast.StatusRESERVED || e.env.Client.Broadcast.Query().CountX(ctx) != before+1 {
		t.Fatalf("the created room lost its row: %+v", got)
	}
	if _, ok := e.sim.GetLiving(got[0].PlatformID); !ok {
		t.Fatalf("no such living on WeCom: %s", got[0].PlatformID)
	}
}

type entBroadcast struct{ Status, Replay string }
