package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker"
)

// TestDemoEndToEnd starts the binary's whole process on the embedded
// defaults with the demo: the app is verified, the first pull mirrors the
// simulated Feishu org, and a change in Feishu reaches the mirror through a
// signed, encrypted event to /callback/feishu/{app}.
func TestDemoEndToEnd(t *testing.T) {
	demoSyncScript = false // its writes would race this test's counts; TestDemoSyncStory covers it
	defer func() { demoSyncScript = true }()
	a := startDemo(t)
	ctx := context.Background()
	base := "http://" + a.addr

	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %v %v", path, resp, err)
		}
		resp.Body.Close()
	}

	sys := viewer.System(ctx, "test", a.demo.tenID)
	db := a.db.Client
	app, err := db.App.Get(sys, a.demo.app.ID)
	if err != nil || app.VerifiedAt == nil {
		t.Fatalf("demo app not verified: %+v %v", app, err)
	}
	waitFor(t, 60*time.Second, "the first pull", func() bool {
		ok, err := db.SyncRun.Query().Where(syncrun.CorpID(a.demo.corp.ID), syncrun.KindEQ(syncrun.KindImPull), syncrun.StatusEQ(syncrun.StatusSucceeded)).Exist(sys)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	})
	active := a.demo.org.Stats().ActiveUsers
	n, err := db.User.Query().Where(user.CorpID(a.demo.corp.ID), user.RemovedAtIsNil()).Count(sys)
	if err != nil || n != active {
		t.Fatalf("mirrored %d users, Feishu has %d (%v)", n, active, err)
	}

	// A rename in Feishu arrives as an event and updates the mirror.
	var target feishusim.User
	for _, u := range a.demo.org.Snapshot().Users {
		if !u.Resigned {
			target = u
			break
		}
	}
	// An event caused by the bridge's own write is dropped (no sync loop).
	if err := a.worker.Echoes().Remember(sys, a.demo.app.ID, worker.EchoKey("user", target.UserID), "contact.user.updated_v3", time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := a.demo.org.UpdateUser(target.UserID, func(u *feishusim.User) { u.JobTitle = "回声" }); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the echo to be delivered and handled", func() bool {
		if a.demo.sim.WaitEvents(ctx) != nil {
			return false
		}
		qs, err := a.jobs.QueueStats(ctx)
		return err == nil && qs[0].Pending == 0 && qs[0].Active == 0 && qs[0].Completed > 0
	})
	if u, _ := db.User.Query().Where(user.CorpID(a.demo.corp.ID), user.ExternalID(target.UserID)).Only(sys); u == nil || u.Title == "回声" {
		t.Fatalf("the echo of our own write was applied: %+v", u)
	}
	if _, err := a.demo.org.UpdateUser(target.UserID, func(u *feishusim.User) { u.Name = "事件改名" }); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the event to update the mirror", func() bool {
		u, err := db.User.Query().Where(user.CorpID(a.demo.corp.ID), user.ExternalID(target.UserID)).Only(sys)
		return err == nil && u.Name == "事件改名"
	})

	demoWeComEndToEnd(t, a, sys)
	demoBroadcastPermission(t, a, sys)

	// The console is served when it was built into the binary, and a clear
	// 503 saying how to build it when it was not; which one is known from
	// the files the binary embedded.
	resp, err := http.Get(base + "/directory")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, statErr := os.Stat("frontend/dist/index.html")
	built := statErr == nil
	page := strings.ToLower(string(body))
	switch {
	case built && (resp.StatusCode != http.StatusOK || !strings.Contains(page, "<html")):
		t.Fatalf("console built but not served: %d %s", resp.StatusCode, body)
	case !built && (resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(page, "make run")):
		t.Fatalf("console not built, and the answer does not say so: %d %s", resp.StatusCode, body)
	}
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}
