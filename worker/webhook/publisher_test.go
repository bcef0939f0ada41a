package webhook_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/webhookdelivery"
	"imbridge/worker/webhook"
)

// A delivery is written in the caller's transaction: a rollback sends
// nothing, a commit loses nothing.
func TestPublishIsTransactional(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, nil)
	e.endpoint(rc.URL)
	notified := 0
	e.pub.Notify = func() { notified++ }

	for _, commit := range []bool{false, true} {
		tx, err := e.db.Tx(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		ctx := ent.NewTxContext(e.ctx, tx)
		id := map[bool]string{false: "evt-rolled-back", true: "evt-committed"}[commit]
		// The change the event reports, in the same transaction.
		if _, err := tx.Client().Department.Create().SetName(id).SetExternalID(id).Save(ctx); err != nil {
			t.Fatal(err)
		}
		if err := e.pub.Publish(ctx, e.tenant, webhook.Event{ID: id, Type: webhook.TypeDepartmentCreated, Subject: "department:" + id, Payload: webhook.DepartmentData{ID: id, Name: id}}); err != nil {
			t.Fatal(err)
		}
		if notified != 0 {
			t.Fatal("notified before the commit")
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if notified != 1 {
		t.Errorf("notified %d times, want once (after the commit)", notified)
	}
	e.run()
	if got := rc.events(); !slices.Equal(got, []string{"evt-committed"}) {
		t.Fatalf("delivered %v, want only the committed event", got)
	}
	if n := e.db.WebhookDelivery.Query().CountX(e.ctx); n != 1 {
		t.Fatalf("%d deliveries stored, want 1", n)
	}
}

// The same event id is queued once per endpoint, however often it is
// published, and does not use up a sequence number.
func TestPublishOncePerEventID(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, nil)
	e.endpoint(rc.URL)
	for range 3 {
		e.publish("run-7:change-1", webhook.TypeUserCreated, "user:U1", webhook.UserData{ID: "U1"})
	}
	e.publish("run-7:change-2", webhook.TypeUserUpdated, "user:U1", webhook.UserData{ID: "U1"})
	e.run()
	e.publish("run-7:change-1", webhook.TypeUserCreated, "user:U1", webhook.UserData{ID: "U1"}) // after delivery too
	e.run()
	if got := rc.events(); !slices.Equal(got, []string{"run-7:change-1", "run-7:change-2"}) {
		t.Fatalf("delivered %v", got)
	}
	if d := e.delivery("run-7:change-2"); d.Sequence != 2 {
		t.Errorf("second event has sequence %d, want 2", d.Sequence)
	}
}

// Every enabled endpoint that receives the type gets the event, each with
// its own sequence.
func TestPublishFansOutByType(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, nil)
	all, _ := e.endpoint(rc.URL + "/all")
	users, _ := e.endpoint(rc.URL+"/users", "user.*")
	depts, _ := e.endpoint(rc.URL+"/depts", webhook.TypeDepartmentCreated)
	off, _ := e.endpoint(rc.URL + "/off")
	e.db.WebhookEndpoint.UpdateOne(off).SetEnabled(false).ExecX(e.ctx)
	all = e.db.WebhookEndpoint.GetX(e.ctx, all.ID) // as stored (PostgreSQL keeps microseconds)

	for _, c := range []struct {
		id, typ, subject string
		queued           int
	}{
		{"d1", webhook.TypeDepartmentCreated, "department:D1", 2},
		{"u1", webhook.TypeUserCreated, "user:U1", 2},
		{"d2", webhook.TypeDepartmentMoved, "department:D1", 1},
		{"d2", webhook.TypeDepartmentMoved, "department:D1", 0}, // again: nothing new
	} {
		n, err := e.pub.Enqueue(e.ctx, e.tenant, webhook.Event{ID: c.id, Type: c.typ, Subject: c.subject})
		if err != nil || n != c.queued {
			t.Errorf("Enqueue(%s) = %d, %v; want %d", c.id, n, err, c.queued)
		}
	}

	got := map[int][]string{}
	seqs := map[int][]int{}
	for _, d := range e.db.WebhookDelivery.Query().Order(ent.Asc(webhookdelivery.FieldID)).AllX(e.ctx) {
		got[d.EndpointID] = append(got[d.EndpointID], d.EventID)
		seqs[d.EndpointID] = append(seqs[d.EndpointID], d.Sequence)
	}
	want := map[int][]string{all.ID: {"d1", "u1", "d2"}, users.ID: {"u1"}, depts.ID: {"d1"}}
	for ep, w := range want {
		if !slices.Equal(got[ep], w) {
			t.Errorf("endpoint %d got %v, want %v", ep, got[ep], w)
		}
	}
	if len(got[off.ID]) != 0 {
		t.Errorf("the disabled endpoint got %v", got[off.ID])
	}
	if !slices.Equal(seqs[all.ID], []int{1, 2, 3}) || !slices.Equal(seqs[users.ID], []int{1}) {
		t.Errorf("sequences %v", seqs)
	}
	// Numbering does not touch what the console shows as the endpoint's
	// last change.
	if after := e.db.WebhookEndpoint.GetX(e.ctx, all.ID); !after.UpdatedAt.Equal(all.UpdatedAt) || after.LastSequence != 3 {
		t.Errorf("endpoint after publishing: updated %v (was %v), last sequence %d", after.UpdatedAt, all.UpdatedAt, after.LastSequence)
	}
}

// The body is the documented envelope, the same bytes on every attempt.
func TestPublishBody(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, nil)
	e.endpoint(rc.URL)
	at := time.Date(2026, 2, 3, 4, 5, 6, 789_000_000, time.FixedZone("CST", 8*3600))
	err := e.pub.Publish(e.ctx, e.tenant, webhook.Event{
		ID: "evt-1", Type: webhook.TypeUserMoved, Subject: "user:U1", OccurredAt: at,
		Payload: webhook.UserData{ID: "U1", Name: "张三", Status: "active", Departments: []webhook.MembershipData{{DepartmentID: "D2", Primary: true}},
			Changes: []webhook.FieldChange{{Field: "primary_department", Before: "D1", After: "D2"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	d := e.delivery("evt-1")
	want := `{"id":"evt-1","type":"user.moved","sequence":1,"subject":"user:U1","occurred_at":"2026-02-02T20:05:06.789Z",` +
		`"data":{"id":"U1","name":"张三","status":"active","departments":[{"department_id":"D2","primary":true}],"changes":[{"field":"primary_department","before":"D1","after":"D2"}]}}`
	if d.Payload != want {
		t.Fatalf("payload\n got %s\nwant %s", d.Payload, want)
	}
	var env webhook.Envelope
	if err := json.Unmarshal([]byte(d.Payload), &env); err != nil || env.Sequence != 1 {
		t.Fatalf("%v %+v", err, env)
	}
}

func TestPublishRefusesBadEvents(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, nil)
	e.endpoint(rc.URL)
	bad := []webhook.Event{
		{ID: "", Type: webhook.TypeUserCreated},
		{ID: "has space", Type: webhook.TypeUserCreated},
		{ID: "x\r\nX-Injected: 1", Type: webhook.TypeUserCreated},
		{ID: strings.Repeat("a", 201), Type: webhook.TypeUserCreated},
		{ID: "ok", Type: "user.renamed"},
		{ID: "ok", Type: webhook.TypePing},
		{ID: "ok", Type: webhook.TypeUserCreated, Subject: strings.Repeat("s", 301)},
		{ID: "ok", Type: webhook.TypeUserCreated, Payload: func() {}},
	}
	for _, ev := range bad {
		if err := e.pub.Publish(e.ctx, e.tenant, ev); err == nil {
			t.Errorf("%+v accepted", ev)
		}
	}
	// Another tenant's viewer cannot publish into this tenant.
	_, other := dbtest.Tenant(t, e.db, "other")
	if err := e.pub.Publish(other, e.tenant, webhook.Event{ID: "x", Type: webhook.TypeUserCreated}); err == nil {
		t.Error("a viewer of another tenant published")
	}
	if n := e.db.WebhookDelivery.Query().CountX(e.ctx); n != 0 {
		t.Errorf("%d deliveries written", n)
	}
}
