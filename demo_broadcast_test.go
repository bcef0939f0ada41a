package main

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	entbroadcast "imbridge/ent/broadcast"
	"imbridge/ent/viewer"
	"imbridge/platform/volcano"
)

// The demo tenant has its broadcasts: a scheduled one on Volcano (Feishu
// corp) and on WeCom, and a finished WeCom one with a ready replay and
// per-viewer statistics. Volcano's status callback reaches
// /callback/volcano/{corp}: a signed one moves the broadcast (through the
// job and a refresh), a forged one is refused with 403 and changes
// nothing.
func TestDemoBroadcasts(t *testing.T) {
	a := startDemo(t)
	ctx := context.Background()
	sys := viewer.System(ctx, "test", a.demo.tenID)
	db := a.db.Client
	bs, err := db.Broadcast.Query().Order(entbroadcast.ByID()).All(sys)
	if err != nil || len(bs) != 3 {
		t.Fatalf("demo broadcasts: %d %v", len(bs), err)
	}
	vol, done := bs[0], bs[2]
	if vol.Provider != entbroadcast.ProviderVolcanoLive || vol.Status != entbroadcast.StatusRESERVED {
		t.Fatalf("scheduled Volcano broadcast: %+v", vol)
	}
	if done.Status != entbroadcast.StatusENDED || done.ReplayStatus != entbroadcast.ReplayStatusREADY || done.Viewers != 7 || done.TotalWatchSeconds == 0 {
		t.Fatalf("finished broadcast: %+v", done)
	}
	if end := done.StartTime.Add(time.Duration(done.DurationSeconds) * time.Second); !end.Before(time.Now()) {
		t.Fatalf("the ended broadcast ends in the future: start %s", done.StartTime)
	}
	if n, _ := done.QueryWatchers().Count(sys); n != 7 {
		t.Fatalf("viewer records: %d", n)
	}

	// A forged callback (wrong key): 403, nothing applied.
	id, _ := strconv.ParseInt(vol.PlatformID, 10, 64)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	cbURL := "http://" + a.addr + "/callback/volcano/" + strconv.Itoa(a.demo.corp.ID)
	q := url.Values{"ActivityID": {vol.PlatformID}, "EventType": {volcano.EventStatusModify}, "Status": {"1"}, "Timestamp": {ts},
		"Sign": {volcano.CallbackSign("not-the-key", vol.PlatformID, volcano.EventStatusModify, "1", ts)}}
	resp, err := http.Get(cbURL + "?" + q.Encode())
	if err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("forged callback: %v %v", resp, err)
	}
	resp.Body.Close()
	if resp, err := http.Get("http://" + a.addr + "/callback/volcano/999999?" + q.Encode()); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown corp: %v %v", resp, err)
	}
	time.Sleep(time.Second)
	if b, _ := db.Broadcast.Get(sys, vol.ID); b.Status != entbroadcast.StatusRESERVED {
		t.Fatalf("a forged callback moved the broadcast: %s", b.Status)
	}
	// The anchor starts: the simulator pushes the signed callback.
	if code, err := a.demo.volcano.SetStatus(id, 1); err != nil || code != http.StatusOK {
		t.Fatalf("signed callback: %d %v", code, err)
	}
	waitFor(t, 30*time.Second, "the callback to move the broadcast", func() bool {
		b, err := db.Broadcast.Get(sys, vol.ID)
		return err == nil && b.Status == entbroadcast.StatusLIVE && b.RefreshedAt != nil
	})
}
