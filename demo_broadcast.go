package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"imbridge/ent"
	"imbridge/ent/corp"
	"imbridge/ent/seal"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
	"imbridge/platform"
	"imbridge/platform/appclient"
	volcanosim "imbridge/platform/sim/volcano"
	wecomsim "imbridge/platform/sim/wecom"
	"imbridge/worker"
	"imbridge/worker/broadcast"
)

// The demo's live broadcasts (issue 12): Volcano enterprise live on the
// Feishu corp, served by the livesaas simulator mounted under /sim/volcano
// (its keys entered on the corp, its status callback pointed at
// /callback/volcano/{corp}), and WeCom living on the WeCom corp. On the
// first start the tenant gets a scheduled broadcast on each and a finished
// WeCom one with a ready replay and per-viewer statistics.
const (
	demoVolcanoSimPath  = "/sim/volcano"
	demoVolcanoAK       = "AKLTZGVtby12b2xjYW5v"
	demoVolcanoSK       = "demo-volcano-secret-access-key"
	demoVolcanoCallback = "demo-volcano-account-secret"
)

func newDemoVolcano() *volcanosim.Server {
	return volcanosim.New(volcanosim.Config{Keys: map[string]string{demoVolcanoAK: demoVolcanoSK}})
}

// startBroadcasts enters the Volcano keys for the simulator's URL, points
// its callback at us and, once, seeds the broadcasts.
func (d *demo) startBroadcasts(ctx context.Context, a *app, host string) error {
	sys := viewer.System(ctx, "demo", d.tenID)
	db := a.db.Client
	sealer := a.platforms.Sealer
	// The updated corp stays local: d.corp is read by the demo's other
	// goroutines (the sync story), and is not written after start.
	fc, err := db.Corp.UpdateOne(d.corp).SetVolcanoBaseURL(appclient.NormalizeURL("http://" + host + demoVolcanoSimPath)).
		SetVolcanoAccessKeyIDSealed(sealer.Seal(corp.FieldVolcanoAccessKeyIDSealed, demoVolcanoAK)).SetVolcanoAccessKeyIDHint(seal.Hint(demoVolcanoAK)).
		SetVolcanoSecretAccessKeySealed(sealer.Seal(corp.FieldVolcanoSecretAccessKeySealed, demoVolcanoSK)).SetVolcanoSecretAccessKeyHint(seal.Hint(demoVolcanoSK)).
		SetVolcanoCallbackSecretSealed(sealer.Seal(corp.FieldVolcanoCallbackSecretSealed, demoVolcanoCallback)).SetVolcanoCallbackSecretHint(seal.Hint(demoVolcanoCallback)).
		Save(sys)
	if err != nil {
		return err
	}
	d.volcano.SetCallback(fmt.Sprintf("http://%s/callback/volcano/%d", host, fc.ID), demoVolcanoCallback)
	if n, err := db.Broadcast.Query().Count(sys); err != nil || n > 0 {
		return err
	}
	return d.seedBroadcasts(sys, a, fc)
}

// seedBroadcasts creates the demo broadcasts on the simulators and moves
// the finished one through live, ended and replay ready, as its anchor
// would in the WeCom client. The anchor is the first OA user: the demo's
// bindings come from the pulls running now, so this seeding does not wait
// for them (the rules the API applies to an OA's request are not what is
// shown here).
func (d *demo) seedBroadcasts(sys context.Context, a *app, fc *ent.Corp) error {
	db := a.db.Client
	anchor, err := db.User.Query().Where(user.CorpIDIsNil()).Order(ent.Asc(user.FieldID)).First(sys)
	if err != nil {
		return fmt.Errorf("an OA user for the demo broadcasts: %w", err)
	}
	svc := worker.NewBroadcastService(db, a.platforms)
	day := time.Now().Truncate(time.Hour)
	create := func(provider string, c *ent.Corp, ap *ent.App, imAnchor string, spec platform.LiveSpec) (broadcast.Broadcast, error) {
		live, err := a.platforms.Live(ap, c, provider)
		if err != nil {
			return broadcast.Broadcast{}, err
		}
		spec.AnchorUserID = imAnchor
		pid, err := live.CreateLive(sys, spec)
		if err != nil {
			return broadcast.Broadcast{}, err
		}
		return svc.Store.Save(sys, broadcast.Broadcast{CorpID: strconv.Itoa(c.ID), AppID: strconv.Itoa(ap.ID), Provider: provider,
			AnchorOAUserID: strconv.Itoa(anchor.ID), Spec: spec, PlatformID: pid, Status: platform.LiveReserved, Replay: platform.ReplayNone})
	}
	if _, err := create(broadcast.ProviderVolcanoLive, fc, d.app, "", platform.LiveSpec{Title: "新品发布会（演示）",
		Start: day.Add(48 * time.Hour), Duration: 90 * time.Minute, Description: "火山引擎企业直播 · 飞书内观看"}); err != nil {
		return fmt.Errorf("the scheduled Volcano broadcast: %w", err)
	}
	members := d.wecom.sim.Org().Users()
	if len(members) < 8 {
		return fmt.Errorf("the WeCom simulator has %d members", len(members))
	}
	if _, err := create(broadcast.ProviderWeComLiving, d.wecom.corp, d.wecom.app, members[0].UserID, platform.LiveSpec{Title: "新员工培训（演示）",
		Start: day.Add(26 * time.Hour), Duration: time.Hour, Type: platform.LiveTraining, RemindBefore: 15 * time.Minute}); err != nil {
		return fmt.Errorf("the scheduled WeCom broadcast: %w", err)
	}
	// The finished one started in the past (it has ended, with a replay):
	// three hours ago, for an hour.
	done, err := create(broadcast.ProviderWeComLiving, d.wecom.corp, d.wecom.app, members[0].UserID, platform.LiveSpec{Title: "季度全员大会（演示）",
		Start: time.Now().Add(-3 * time.Hour).Truncate(time.Minute), Duration: time.Hour, Description: "上季度回顾与下季度计划"})
	if err != nil {
		return fmt.Errorf("the finished WeCom broadcast: %w", err)
	}
	sim := d.wecom.sim
	var records []wecomsim.WatchRecord
	for i, m := range members[1:8] {
		records = append(records, wecomsim.WatchRecord{UserID: m.UserID, WatchTime: int64(3600 - i*420), IsComment: (i + 1) % 2, IsMic: boolInt(i == 2)})
	}
	if err := sim.StartLiving(done.PlatformID); err != nil {
		return err
	}
	if err := sim.EndLiving(done.PlatformID, records...); err != nil {
		return err
	}
	if err := sim.ReplayReady(done.PlatformID, false); err != nil {
		return err
	}
	_, err = svc.Refresh(sys, done.ID)
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
