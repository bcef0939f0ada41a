package orgsync_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/seal"
	"imbridge/ent/syncchange"
	"imbridge/ent/user"
	"imbridge/ent/webhookdelivery"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/orgsync"
	"imbridge/worker/webhook"
)

// TestIMToOAChangesTheOADirectoryAndTellsTheOA: the OA follows Feishu.
// Every applied change is in the bridge's OA directory and queued as a
// signed webhook to the OA's endpoint, once, in the same transaction.
func TestIMToOAChangesTheOADirectoryAndTellsTheOA(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	org := e.sim.Org()
	hq := must(org.CreateDepartment(feishusim.Department{Name: "总部", ParentID: "0"}))
	rd := must(org.CreateDepartment(feishusim.Department{Name: "研发", ParentID: hq.DepartmentID}))
	must(org.CreateUser(feishusim.User{Name: "张三", Mobile: "+8613800000001", DepartmentIDs: []string{hq.DepartmentID}}))
	must(org.CreateUser(feishusim.User{Name: "李四", Mobile: "+8613800000002", DepartmentIDs: []string{rd.DepartmentID}}))
	e.pull()
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetMode("im_to_oa") })
	sealer := must(seal.New(bytes.Repeat([]byte{7}, 32)))
	c := e.db.WebhookEndpoint.Create().SetName("OA").SetURL("https://oa.example.com/hook")
	webhook.SetSecret(c.Mutation(), sealer, "whsec_test")
	ep := must(c.Save(e.ctx))

	run := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID}))
	pub := &webhook.Publisher{DB: e.db}
	p := e.params(run, nil)
	p.Target = func(context.Context, *ent.SyncProfile) (orgsync.Target, error) {
		return &orgsync.OATarget{Pub: pub, TenantID: run.TenantID, RunID: run.ID, CorpID: e.corp.ID, Platform: "feishu", CorpKey: "sim-tenant", By: "test"}, nil
	}
	if _, err := orgsync.Execute(e.ctx, p); err != nil {
		t.Fatal(err)
	}
	e.db.SyncRun.UpdateOneID(run.ID).SetStatus("succeeded").ExecX(e.ctx)
	w0 := writes(e.sim)
	if w0 != 0 {
		t.Fatalf("im_to_oa wrote to Feishu %d times", w0)
	}
	oaUsers := must(e.db.User.Query().Where(user.CorpIDIsNil()).All(e.ctx))
	oaDepts := must(e.db.Department.Query().Where(department.CorpIDIsNil()).All(e.ctx))
	if len(oaUsers) != 2 || len(oaDepts) != 2 {
		t.Fatalf("OA directory: %d users, %d departments", len(oaUsers), len(oaDepts))
	}
	ds := must(e.db.WebhookDelivery.Query().Where(webhookdelivery.EndpointID(ep.ID)).Order(ent.Asc(webhookdelivery.FieldSequence)).All(e.ctx))
	applied := must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID), syncchange.StatusEQ(syncchange.StatusApplied)).All(e.ctx))
	if len(ds) != len(applied) || len(ds) != 4 {
		t.Fatalf("%d deliveries for %d applied changes, want 4 each", len(ds), len(applied))
	}
	types := map[string]int{}
	for _, d := range ds {
		types[d.Type]++
		var env webhook.Envelope
		must(0, json.Unmarshal([]byte(d.Payload), &env))
		if !strings.HasPrefix(env.ID, fmt.Sprintf("sync-%d-", run.ID)) {
			t.Errorf("event id %q is not derived from the run and the change", env.ID)
		}
		if d.Type == webhook.TypeUserCreated {
			var u webhook.UserData
			must(0, json.Unmarshal(env.Data, &u))
			if u.IM == nil || u.IM.UserID == "" || len(u.Departments) != 1 {
				t.Errorf("user.created data = %+v", u)
			}
		}
	}
	if types[webhook.TypeUserCreated] != 2 || types[webhook.TypeDepartmentCreated] != 2 {
		t.Fatalf("event types = %v", types)
	}

	// Resigned in Feishu → disabled in the OA, told once; a rerun tells nothing new.
	must(0, org.DeleteUser(oaUsers[0].ExternalID))
	e.pull()
	run2 := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID}))
	p.Run = run2
	p.Target = func(context.Context, *ent.SyncProfile) (orgsync.Target, error) {
		return &orgsync.OATarget{Pub: pub, TenantID: run2.TenantID, RunID: run2.ID, CorpID: e.corp.ID, Platform: "feishu", CorpKey: "sim-tenant", By: "test"}, nil
	}
	if _, err := orgsync.Execute(e.ctx, p); err != nil {
		t.Fatal(err)
	}
	n := must(e.db.WebhookDelivery.Query().Where(webhookdelivery.Type(webhook.TypeUserDisabled)).Count(e.ctx))
	if n != 1 {
		t.Fatalf("user.disabled deliveries = %d, want 1", n)
	}
}
