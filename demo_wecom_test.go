package main

import (
	"context"
	"testing"
	"time"

	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	wecomsim "imbridge/platform/sim/wecom"
	"imbridge/worker"
)

// demoWeComEndToEnd: the demo's WeCom corp is verified and mirrored at
// start (root members included), and a change in WeCom arrives as an
// encrypted change_contact callback that updates the mirror.
func demoWeComEndToEnd(t *testing.T, a *app, sys context.Context) {
	db := a.db.Client
	w := a.demo.wecom
	app, err := db.App.Get(sys, w.app.ID)
	if err != nil || app.VerifiedAt == nil {
		t.Fatalf("demo WeCom app not verified: %+v %v", app, err)
	}
	for _, c := range app.Verification {
		if (c.Name == "credentials" || c.Name == "contact_read" || c.Name == "message_send") && !c.OK {
			t.Fatalf("WeCom capability %s: %+v", c.Name, c)
		}
	}
	waitFor(t, 60*time.Second, "the WeCom pull", func() bool {
		ok, err := db.SyncRun.Query().Where(syncrun.CorpID(w.corp.ID), syncrun.KindEQ(syncrun.KindImPull), syncrun.StatusEQ(syncrun.StatusSucceeded)).Exist(sys)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	})
	members := w.sim.Org().Users()
	n, err := db.User.Query().Where(user.CorpID(w.corp.ID), user.RemovedAtIsNil()).Count(sys)
	if err != nil || n != len(members) {
		t.Fatalf("mirrored %d WeCom members, the corp has %d (%v)", n, len(members), err)
	}
	if err := w.sim.VerifyCallback(demoWeComSecret); err != nil {
		t.Fatalf("WeCom URL verification of /callback/wecom: %v", err)
	}
	target := members[0].UserID
	// The echo of the bridge's own write (registered with the change type)
	// is dropped; the next change is applied.
	if err := a.worker.Echoes().Remember(sys, w.app.ID, worker.EchoKey("user", target), "update_user", time.Minute); err != nil {
		t.Fatal(err)
	}
	w.sim.Org().UpdateUser(target, func(u *wecomsim.User) { u.Position = "回声" })
	waitFor(t, 30*time.Second, "the echo to be delivered and handled", func() bool {
		if d, _ := w.sim.Delivered(); d < 1 {
			return false
		}
		qs, err := a.jobs.QueueStats(context.Background())
		return err == nil && qs[0].Pending == 0 && qs[0].Active == 0 && qs[0].Completed > 0
	})
	if u, _ := db.User.Query().Where(user.CorpID(w.corp.ID), user.ExternalID(target)).Only(sys); u == nil || u.Title == "回声" {
		t.Fatalf("the echo of our own write was applied: %+v", u)
	}
	w.sim.Org().UpdateUser(target, func(u *wecomsim.User) { u.Name = "企微改名" })
	waitFor(t, 30*time.Second, "the WeCom event to update the mirror", func() bool {
		u, err := db.User.Query().Where(user.CorpID(w.corp.ID), user.ExternalID(target)).Only(sys)
		return err == nil && u.Name == "企微改名"
	})

}
