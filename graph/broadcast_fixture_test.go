package graph_test

import (
	"context"
	"testing"
	"time"

	"imbridge/graph/graphtest"
)

// seedBroadcast stores, as the tenant's system, an ended broadcast with one
// viewer record (the tenancy matrix needs rows in both tables).
func seedBroadcast(t *testing.T, env *graphtest.Env, ctx context.Context, corp, app, anchor int, marker string) {
	t.Helper()
	b := env.Client.Broadcast.Create().SetCorpID(corp).SetAppID(app).SetProvider("wecom_living").
		SetAnchorOaUserID(anchor).SetAnchorImUserID(marker + "-anchor").SetTitle(marker + " 直播").
		SetStartTime(time.Now().Add(-2 * time.Hour)).SetDurationSeconds(3600).SetStatus("ENDED").
		SetReplayStatus("READY").SetPlatformID(marker + "-living").SaveX(ctx)
	env.Client.BroadcastViewer.Create().SetBroadcastID(b.ID).SetImUserID(marker + "-viewer").SetWatchSeconds(600).SaveX(ctx)
}
