package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/broadcastpermissionrequest"
	"imbridge/ent/broadcastpolicy"
	"imbridge/ent/pushrule"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
	"imbridge/worker/broadcast"
)

// demoBroadcastPermission: after the WeCom pull the demo has a SELECTED
// policy on the WeCom corp allowing one bound person, and a pending
// request of another with a waiting broadcast; the people bound for it
// without permission are refused.
func demoBroadcastPermission(t *testing.T, a *app, sys context.Context) {
	db := a.db.Client
	corpID := a.demo.wecom.corp.ID
	waitFor(t, 60*time.Second, "the demo's pending broadcast permission request", func() bool {
		n, err := db.BroadcastPermissionRequest.Query().Where(broadcastpermissionrequest.CorpID(corpID),
			broadcastpermissionrequest.StatusEQ(broadcastpermissionrequest.StatusPENDING)).Count(sys)
		return err == nil && n == 1
	})
	p := db.BroadcastPolicy.Query().Where(broadcastpolicy.CorpID(corpID)).OnlyX(sys)
	if p.Mode != broadcastpolicy.ModeSELECTED || len(p.UserIds) < 1 || len(p.UserIds) > 2 {
		t.Fatalf("demo policy: %+v", p)
	}
	// The demo broadcasts' anchor is bound in the WeCom corp and may
	// broadcast, so a WeCom broadcast can be created for it in the demo.
	anchor := db.User.Query().Where(user.CorpIDIsNil()).Order(ent.Asc(user.FieldID)).FirstX(sys)
	if !db.Binding.Query().Where(binding.CorpID(corpID), binding.OaUserID(anchor.ID)).ExistX(sys) {
		t.Fatalf("the demo anchor %s is not bound in the WeCom corp", anchor.ExternalID)
	}
	if ok, err := (&broadcast.Permissions{DB: db}).Allowed(sys, corpID, anchor.ID); !ok || err != nil {
		t.Fatalf("the demo anchor may not broadcast: %v %v", ok, err)
	}
	r := db.BroadcastPermissionRequest.Query().Where(broadcastpermissionrequest.CorpID(corpID)).OnlyX(sys)
	if r.Draft == nil || r.Draft.AppID != a.demo.wecom.app.ID || !r.Draft.Start.After(time.Now()) {
		t.Fatalf("demo request's draft: %+v", r.Draft)
	}
	perms := &broadcast.Permissions{DB: db}
	people, err := a.demo.bindWeComPeople(sys, db, corpID)
	if err != nil || len(people) != demoPermissionBound {
		t.Fatalf("demo WeCom people: %v %v", people, err)
	}
	for i, want := range []bool{true, false, false, false} {
		if ok, err := perms.Allowed(sys, corpID, people[i][0]); ok != want || err != nil {
			t.Errorf("demo person %d may broadcast: %v (%v), want %v", i, ok, err, want)
		}
	}

	// Notifications reach people: the demo routes source
	// broadcast_permission to the WeCom app, so a decision on a request
	// (here one filed in advance by the third person, rejected) is a WeCom
	// message to the requester, recorded by the simulator.
	rule := db.PushRule.Query().Where(pushrule.Source(broadcast.NotifySource)).WithTargets().OnlyX(sys)
	if len(rule.Edges.Targets) != 1 || rule.Edges.Targets[0].AppID != a.demo.wecom.app.ID {
		t.Fatalf("demo push rule for %s: %+v", broadcast.NotifySource, rule.Edges.Targets)
	}
	notify := &broadcast.Permissions{DB: db, Notify: &broadcast.PushNotifier{DB: db, Push: a.push}}
	req, err := notify.File(sys, broadcast.FileInput{CorpID: corpID, RequesterID: people[2][0], Reason: "演示：提前申请开播"})
	if err != nil {
		t.Fatal(err)
	}
	admin := viewer.NewContext(context.Background(), &viewer.Viewer{Kind: viewer.KindAdmin, ID: 1, Name: "demo-admin",
		Role: viewer.RoleTenantAdmin, TenantID: a.demo.tenID, Scopes: viewer.RoleScopes(viewer.RoleTenantAdmin)})
	if _, err := notify.Decide(admin, req.ID, false, "演示：暂不开放"); err != nil {
		t.Fatal(err)
	}
	im := db.User.GetX(sys, people[2][1])
	sent := func() bool {
		for _, m := range a.demo.wecom.sim.Messages() {
			if slices.Contains(m.To, im.ExternalID) && strings.Contains(string(m.Content), "开播权限申请未通过") &&
				strings.Contains(string(m.Content), "演示：暂不开放") {
				return true
			}
		}
		return false
	}
	for deadline := time.Now().Add(60 * time.Second); !sent(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			for _, m := range a.demo.wecom.sim.Messages() {
				t.Logf("WeCom message to %v: %s", m.To, m.Content)
			}
			for _, m := range db.Message.Query().AllX(sys) {
				t.Logf("message %d %s %q", m.ID, m.Source, m.Title)
			}
			for _, d := range db.Delivery.Query().AllX(sys) {
				t.Logf("delivery %+v", d)
			}
			t.Fatalf("no WeCom message to the requester %s about the rejection", im.ExternalID)
		}
	}
}
