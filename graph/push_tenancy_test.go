package graph_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"imbridge/ent/delivery"
	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
)

// Push in the cross-tenant matrix (TestCrossTenantIsolation): tenant B has
// a rule with a target, a to-do message and a dead delivery of it; every
// push query, mutation and subscription of A must neither read nor change
// them.

// seedPush creates a rule through the API and, as the tenant's system, a
// delivered to-do with one dead delivery (nothing queued: the worker
// leaves them alone, so the matrix's snapshots stay still).
func seedPush(t *testing.T, env *graphtest.Env, c *graphtest.Caller, ctx context.Context, app int, name string) (rule, msg, dlv int) {
	t.Helper()
	var out struct{ CreatePushRule struct{ ID string } }
	c.MustDo(`mutation($in: CreatePushRuleInput!) { createPushRule(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": name + "-rule", "source": name + "-src", "targets": []map[string]any{{"appID": app, "messageType": "todo", "quickApproval": true, "bodyTemplate": name + " {{content}}"}},
	}}, &out)
	m := env.Client.Message.Create().SetIdempotencyKey(name + "-key").SetBodyHash("seed").SetSource(name + "-src").SetTitle(name + " title").
		SetRecipients(detail.PushRecipients{UserIDs: []string{name + "-u"}}).SetTodoKey(name + "-todo").SetTodoState(message.TodoStatePending).
		SetStatus(message.StatusDeliveredWithErrors).SetTotal(1).SetFailed(1).SaveX(ctx)
	d := env.Client.Delivery.Create().SetMessageID(m.ID).SetAppID(app).SetTargetKey(strconv.Itoa(app) + ":todo").SetMessageType(delivery.MessageTypeTodo).
		SetRecipient(name + "-u").SetStatus(delivery.StatusDead).SetReason(name + " reason").SetAttempts(5).SaveX(ctx)
	// Its approval-center instance (not in the API; planted edges must not leak).
	env.Client.ApprovalInstance.Create().SetMessageID(m.ID).SetAppID(app).SetInstanceID("imb-m" + strconv.Itoa(m.ID)).
		SetVersion(1).SetSyncedVersion(1).SetStatus("PENDING").SaveX(ctx)
	return atoi(t, out.CreatePushRule.ID), m.ID, d.ID
}

func casePreviewPushTemplate(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		r := c.Do(`{ previewPushTemplate(titleTemplate: "【{{source}}】{{title}}", title: "t") { title body } }`, nil)
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data), "【审批】t") {
			t.Fatalf("%s: preview: %s %+v", c, r.Data, r.Errors)
		}
		f.noLeak(t, c, "previewPushTemplate", r.Data)
	}
}

// casePushStats: A's charts sum A's messages only (B's seeded message, one
// failed delivery from source B-src, is in none of A's rows).
func casePushStats(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		r := c.Do(`{ pushStats(days: 31) { days { failed } sources { source sent skipped failed pending } } }`, nil)
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `{"source":"A-src","sent":0,"skipped":0,"failed":1,"pending":0}`) {
			t.Fatalf("%s: pushStats: %s %+v", c, r.Data, r.Errors)
		}
		var out struct {
			PushStats struct{ Days []struct{ Failed int } }
		}
		if err := json.Unmarshal(r.Data, &out); err != nil {
			t.Fatal(err)
		}
		failed := 0
		for _, d := range out.PushStats.Days {
			failed += d.Failed
		}
		if failed != 1 {
			t.Fatalf("%s: %d failed over the days, want A's one", c, failed)
		}
		f.noLeak(t, c, "pushStats", r.Data)
	}
}

func casePushMessage(t *testing.T, f *tenancyFixture) {
	// B's users' ids name nothing of B: the message is A's and reaches
	// nobody of B. (Inputs carry no B marker: A's audit log records them.)
	q := `mutation($in: PushMessageInput!) { pushMessage(input: $in) { id tenantID status } }`
	r := f.mayChangeOnlyA(t, f.aToken, q, map[string]any{"in": map[string]any{
		"idempotencyKey": "a-push-1", "source": "A-src", "title": "A's", "recipients": map[string]any{"userIDs": []string{"B-U1", "U1"}},
	}})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"tenantID":"`+strconv.Itoa(f.a.ID)+`"`) {
		t.Fatalf("pushMessage in A: %s %+v", r.Data, r.Errors)
	}
	// Its job has run (the matrix's snapshots must stay still), and it
	// reached nobody: B's ids are nobody in A.
	actx := viewer.System(context.Background(), "test", f.a.ID)
	defer func() {
		if t.Failed() {
			t.Log(f.env.Logs.String())
		}
	}()
	graphtest.Eventually(t, 10*time.Second, func() bool {
		m, err := f.env.Client.Message.Query().Where(message.IdempotencyKey("a-push-1")).Only(actx)
		return err == nil && m.Status == message.StatusDelivered && m.Skipped == 2
	}, "A's push delivered with both recipients skipped")
}

func caseCompleteTodo(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `mutation($k: String!) { completeTodo(input: {key: $k}) { messages } }`, map[string]any{"k": bMarker + "-todo"}, refused...)
	}
}

// pushRefused: a mutation on one of B's push objects is refused for A's
// callers and changes nothing, whichever of B's ids it is given.
func pushRefused(q string) func(*testing.T, *tenancyFixture) {
	return func(t *testing.T, f *tenancyFixture) {
		for _, c := range f.callersA() {
			for _, id := range []int{f.bPushRule, f.bMessage, f.bPushDelivery} {
				f.mustFail(t, c, q, map[string]any{"id": id}, refused...)
			}
		}
	}
}

func caseCreatePushRule(t *testing.T, f *tenancyFixture) {
	q := `mutation($in: CreatePushRuleInput!) { createPushRule(input: $in) { id tenantID } }`
	for _, c := range []*graphtest.Caller{f.aAdmin} {
		// B's app as a target: refused, as no such app.
		f.mustFail(t, c, q, map[string]any{"in": map[string]any{"name": "x", "targets": []map[string]any{{"appID": f.bApp, "messageType": "text"}}}}, "BAD_USER_INPUT")
		r := f.mayChangeOnlyA(t, c, q, map[string]any{"in": map[string]any{"name": "A rule", "source": "审批",
			"targets": []map[string]any{{"appID": f.aApp, "messageType": "text"}}}})
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"tenantID":"`+strconv.Itoa(f.a.ID)+`"`) {
			t.Fatalf("createPushRule in A: %s %+v", r.Data, r.Errors)
		}
	}
}

func caseUpdatePushRule(t *testing.T, f *tenancyFixture) {
	q := `mutation($id: ID!, $in: UpdatePushRuleInput!) { updatePushRule(id: $id, input: $in) { id name } }`
	for _, c := range f.callersA() {
		for _, id := range []int{f.bPushRule, f.bMessage} {
			f.mustFail(t, c, q, map[string]any{"id": id, "in": map[string]any{"name": "pwned"}}, refused...)
		}
		// A's rule cannot take B's app.
		f.mustFail(t, c, q, map[string]any{"id": f.aPushRule, "in": map[string]any{"targets": []map[string]any{{"appID": f.bApp, "messageType": "text"}}}},
			"BAD_USER_INPUT", "FORBIDDEN")
	}
}

const messageProgress = `subscription($id: ID!) { messageProgress(id: $id) { id status total sent skipped failed title tenantID
	deliveries(first: 10) { edges { node { id recipient status reason approvalTaskState } } }
	approvalInstances { instanceID state lastError } outcomes { status reason count } } }`

func caseMessageProgress(t *testing.T, f *tenancyFixture) {
	if own := subscribe(t, f.aToken, messageProgress, map[string]any{"id": f.aMessage}, 10*time.Second); len(own.data()) == 0 {
		t.Fatalf("subscribing to A's own message yielded no data: %+v", own)
	}
	for _, c := range f.callersA() {
		for _, id := range []int{f.bMessage, f.bPushDelivery, f.bPushRule} {
			s := subscribe(t, c, messageProgress, map[string]any{"id": id}, 5*time.Second)
			if s.timedOut || s.err != nil || len(s.data()) > 0 {
				t.Errorf("%s: messageProgress(%d): timed out %v, err %v, data %v", c, id, s.timedOut, s.err, s.data())
			}
			gotError := false
			for _, r := range s.results {
				f.noLeak(t, c, "messageProgress", r.Data)
				for _, e := range r.Errors {
					gotError = true
					if e.Code() != "NOT_FOUND" && e.Code() != "FORBIDDEN" {
						t.Errorf("%s: messageProgress(%d): code %s", c, id, e.Code())
					}
				}
			}
			if !gotError {
				t.Errorf("%s: messageProgress(%d) yielded no error", c, id)
			}
		}
	}
}
