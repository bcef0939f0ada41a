package push_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"imbridge/ent/delivery"
	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/push"
)

func everyone(key, source string) push.Input {
	return push.Input{IdempotencyKey: key, Source: source, Title: "通知 " + key, Content: "内容", TodoKey: "todo-" + key,
		Recipients: detail.PushRecipients{Everyone: true}}
}

// exactlyOnce fails unless every person got exactly one message.
func exactlyOnce(t *testing.T, e *env) {
	t.Helper()
	got := e.received()
	for _, id := range e.userIDs() {
		if got[id] != 1 {
			t.Errorf("%s received %d messages, want exactly 1", id, got[id])
		}
	}
}

// A worker stopped at random points of a push, again and again: every
// recipient ends with exactly one message (the uuid derived from the
// delivery makes a resend return the first message).
func TestKilledWorkerResumesWithoutResending(t *testing.T) {
	e := newEnv(t, envOptions{users: 120, sim: feishusim.Config{Latency: 2 * time.Millisecond}})
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeTodo, false)
	m := e.push(everyone("kill", "审批"))
	for i := range 5 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(15+i*7)*time.Millisecond)
		err := e.eng.Deliver(ctx, e.tenant, m.ID)
		cancel()
		if err == nil {
			break
		}
	}
	e.run() // the job's retry, to the end
	m = e.message(m.ID)
	if m.Status != message.StatusDelivered || m.Sent != len(e.userIDs()) {
		t.Fatalf("message: %s, sent %d of %d", m.Status, m.Sent, len(e.userIDs()))
	}
	exactlyOnce(t, e)
	if st := e.sim.MessageStats(); st.Sent != len(e.userIDs()) {
		t.Fatalf("simulator recorded %d sends, want %d", st.Sent, len(e.userIDs()))
	}
}

// 5% injected 5xx, lost replies (applied, answer lost), 429 bursts and an
// expiring token: still exactly one message each.
func TestHostilePlatformExactlyOnce(t *testing.T) {
	e := newEnv(t, envOptions{users: 150, sim: feishusim.Config{ErrorRate: 0.05, Seed: 3, TokenExpiresAfterCalls: 40}})
	e.sim.SetLostReplyRate(0.05, feishusim.LostReplyStatus)
	e.sim.ThrottleEvery(17)
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeTodo, true)
	m := e.push(everyone("hostile", "审批"))
	e.run()
	m = e.message(m.ID)
	if m.Sent+m.Failed != len(e.userIDs()) {
		t.Fatalf("sent %d failed %d of %d", m.Sent, m.Failed, len(e.userIDs()))
	}
	if m.Failed != 0 {
		for _, d := range e.deliveries(m.ID) {
			if d.Status != delivery.StatusSent {
				t.Logf("%s: %s %s", d.Recipient, d.Status, d.Reason)
			}
		}
		t.Fatalf("%d deliveries failed", m.Failed)
	}
	exactlyOnce(t, e)
}

// With BatchAtMostOnce, announcements to many go by batch_send (≤ 200 a
// request), sent once each; a batch whose reply is lost is not sent again
// (dead, replayable): at most once, the trade the option names.
func TestBatchAnnouncementAtMostOnce(t *testing.T) {
	e := newEnv(t, envOptions{users: 450, params: func(p *push.Params) { p.BatchAtMostOnce = true }})
	e.bindAll()
	e.rule("公告", pushtarget.MessageTypePost, false)
	m := e.push(push.Input{IdempotencyKey: "b", Source: "公告", Title: "放假通知", Content: "国庆放假安排", Link: "https://oa.example.com/n/1",
		Recipients: detail.PushRecipients{Everyone: true}})
	e.run()
	st := e.sim.MessageStats()
	if want := (len(e.userIDs()) + 199) / 200; st.Batches != want || st.Sent != 0 {
		t.Fatalf("batches %d (want %d), single sends %d", st.Batches, want, st.Sent)
	}
	exactlyOnce(t, e)
	if m = e.message(m.ID); m.Sent != len(e.userIDs()) {
		t.Fatalf("sent %d", m.Sent)
	}
	// A batch whose reply is lost is not sent again: dead, replayable.
	e.sim.ResetMessages()
	e.sim.LoseNextReplies(1, feishusim.LostReplyDrop)
	m = e.push(push.Input{IdempotencyKey: "b2", Source: "公告", Title: "t", Recipients: detail.PushRecipients{Everyone: true}})
	e.run()
	m = e.message(m.ID)
	if m.Status != message.StatusDeliveredWithErrors || m.Failed == 0 || m.Failed > 200 {
		t.Fatalf("after a lost batch reply: %s, failed %d", m.Status, m.Failed)
	}
	for _, d := range e.deliveries(m.ID) {
		if d.Status == delivery.StatusDead && d.Reason != push.ReasonUnconfirmed {
			t.Fatalf("dead with %q", d.Reason)
		}
	}
	got := e.received()
	for _, id := range e.userIDs() {
		if got[id] > 1 {
			t.Fatalf("%s got %d", id, got[id])
		}
	}
}

// By default an announcement goes one by one, each with its uuid, so that
// lost replies (the request applied, the answer lost) are resent safely:
// exactly one message each, and batch_send is never called (its outcome
// after a lost reply cannot be learned: exactlyOnceRule in deliver.go).
func TestAnnouncementExactlyOnceWithLostReplies(t *testing.T) {
	e := newEnv(t, envOptions{users: 450})
	e.sim.SetLostReplyRate(0.1, feishusim.LostReplyDrop)
	e.bindAll()
	e.rule("公告", pushtarget.MessageTypeText, false)
	m := e.push(push.Input{IdempotencyKey: "lost", Source: "公告", Title: "放假通知", Content: "国庆放假安排",
		Recipients: detail.PushRecipients{Everyone: true}})
	e.run()
	st := e.sim.MessageStats()
	if st.Batches != 0 {
		t.Fatalf("%d batch_send calls: their outcome after a lost reply is unknowable", st.Batches)
	}
	if lost := e.sim.Stats().LostReplies; lost == 0 {
		t.Fatal("no reply was lost: the test proves nothing")
	}
	if m = e.message(m.ID); m.Status != message.StatusDelivered || m.Sent != len(e.userIDs()) {
		t.Fatalf("%s: sent %d of %d", m.Status, m.Sent, len(e.userIDs()))
	}
	exactlyOnce(t, e)
}

// A permanent refusal (outside the app's availability) fails at once with
// the platform's code, without retries.
func TestPermanentRefusalFailsAtOnce(t *testing.T) {
	e := newEnv(t, envOptions{users: 3})
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeText, false)
	ids := e.userIDs()
	e.sim.SetAvailability("cli_push", &feishusim.Availability{Users: ids[:2]})
	m := e.push(push.Input{IdempotencyKey: "p", Source: "审批", Title: "t", Recipients: detail.PushRecipients{UserIDs: []string{"OA-" + ids[0], "OA-" + ids[2]}}})
	e.run()
	d := e.deliveries(m.ID)["OA-"+ids[2]]
	if d.Status != delivery.StatusFailed || d.Attempts != 1 || d.ErrorCode == nil || *d.ErrorCode != 230013 {
		t.Fatalf("outside availability: %s after %d attempts, code %v, %q", d.Status, d.Attempts, d.ErrorCode, d.Reason)
	}
	// The admin widens the availability and replays what did not arrive:
	// the failed delivery is sent, the sent one is left alone.
	e.sim.SetAvailability("cli_push", nil)
	n, err := e.eng.ReplayDead(e.ctx, m.ID)
	if err != nil || n != 1 {
		t.Fatalf("replay: %d %v, want the failed one", n, err)
	}
	e.run()
	if m = e.message(m.ID); m.Status != message.StatusDelivered || m.Sent != 2 || m.Failed != 0 {
		t.Fatalf("after replay: %s sent %d failed %d", m.Status, m.Sent, m.Failed)
	}
	if got := e.received(); got[ids[0]] != 1 || got[ids[2]] != 1 {
		t.Fatalf("received %v", got)
	}
}

// Completing a to-do after the 14-day window records the card as too late.
func TestCompleteTooLate(t *testing.T) {
	e := newEnv(t, envOptions{users: 2})
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeTodo, false)
	m := e.push(everyone("late", "审批"))
	e.run()
	ds := e.deliveries(m.ID)
	ids := e.userIDs()
	// One card aged past the window on the platform only: Feishu refuses.
	e.sim.AgeMessage(ds["OA-"+ids[0]].PlatformMessageID, 15*24*time.Hour)
	if _, err := e.eng.CompleteTodo(e.ctx, "todo-late", ""); err != nil {
		t.Fatal(err)
	}
	e.run()
	ds = e.deliveries(m.ID)
	if d := ds["OA-"+ids[0]]; d.CardState != delivery.CardStateTooLate || !strings.Contains(d.Reason, "14-day") {
		t.Fatalf("aged card: %s %q", d.CardState, d.Reason)
	}
	if d := ds["OA-"+ids[1]]; d.CardState != delivery.CardStateDone {
		t.Fatalf("fresh card: %s", d.CardState)
	}
	// By the bridge's own clock, past the window: recorded without a call.
	m2 := e.push(everyone("late2", "审批"))
	e.run()
	e.clock.Advance(15 * 24 * time.Hour)
	patches := e.sim.MessageStats().Patches
	if _, err := e.eng.CompleteTodo(e.ctx, "todo-late2", ""); err != nil {
		t.Fatal(err)
	}
	e.run()
	for _, d := range e.deliveries(m2.ID) {
		if d.CardState != delivery.CardStateTooLate {
			t.Fatalf("%s: %s", d.Recipient, d.CardState)
		}
	}
	if e.sim.MessageStats().Patches != patches {
		t.Fatal("patched a card past the window")
	}
}

// Quick approval: the click is recorded, the message.action webhook is
// queued for the OA, and the card is updated with the decision.
func TestQuickApproval(t *testing.T) {
	e := newEnv(t, envOptions{users: 2})
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeTodo, true)
	ep := e.db.WebhookEndpoint.Create().SetName("OA").SetURL("https://oa.example.com/hook").SaveX(e.ctx)
	m := e.push(everyone("qa", "审批"))
	e.run()
	ids := e.userIDs()
	d := e.deliveries(m.ID)["OA-"+ids[0]]
	sm, _ := e.sim.Message(d.PlatformMessageID)
	if !strings.Contains(sm.Content, "同意") || !strings.Contains(sm.Content, "拒绝") {
		t.Fatalf("quick-approval card without buttons: %s", sm.Content)
	}
	click := platform.CardAction{EventID: "ev1", AppID: "cli_push", Operator: platform.Operator{UserID: ids[0]}, MessageID: d.PlatformMessageID,
		Token: "c-token", Value: platform.ActionValue{Message: push.MessageKey(m.ID), Recipient: platform.Recipient{Type: platform.IDUserID, ID: ids[0]}, Decision: platform.DecisionApprove}}
	reply, err := e.eng.OnCardAction(context.Background(), e.tenant, e.app.ID, click)
	if err != nil || reply.Kind != platform.ToastSuccess {
		t.Fatalf("click: %+v %v", reply, err)
	}
	hooks := ep.QueryDeliveries().AllX(e.ctx)
	if len(hooks) != 1 || hooks[0].Type != "message.action" || !strings.Contains(hooks[0].Payload, `"decision":"approve"`) ||
		!strings.Contains(hooks[0].Payload, `"user":"OA-`+ids[0]+`"`) {
		t.Fatalf("webhook: %+v", hooks)
	}
	// The same click again queues nothing more.
	if _, err := e.eng.OnCardAction(context.Background(), e.tenant, e.app.ID, click); err != nil {
		t.Fatal(err)
	}
	if n := ep.QueryDeliveries().CountX(e.ctx); n != 1 {
		t.Fatalf("%d webhooks after a repeated click", n)
	}
	if len(e.cards) == 0 {
		t.Fatal("no card update scheduled")
	}
	// The token is not one the simulator issued: the update falls back to a patch.
	if err := e.eng.UpdateClickedCard(context.Background(), e.tenant, e.cards[0], "c-token"); err != nil {
		t.Fatal(err)
	}
	sm, _ = e.sim.Message(d.PlatformMessageID)
	if !strings.Contains(sm.Content, "已同意") || strings.Contains(sm.Content, "拒绝") {
		t.Fatalf("card after the decision: %s", sm.Content)
	}
	// Someone else's card: the other recipient's delivery is untouched.
	if other := e.deliveries(m.ID)["OA-"+ids[1]]; other.Action != "" {
		t.Fatalf("other delivery recorded %q", other.Action)
	}
}

func TestRecall(t *testing.T) {
	e := newEnv(t, envOptions{users: 3})
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeText, false)
	m := e.push(everyone("rc", "审批"))
	e.run()
	if _, err := e.eng.Recall(e.ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	e.run()
	for _, sm := range e.sim.AllMessages() {
		if !sm.Recalled {
			t.Fatalf("message to %s not recalled", sm.UserID)
		}
	}
	if m = e.message(m.ID); m.Status != message.StatusRecalled {
		t.Fatalf("status %s", m.Status)
	}
	for _, d := range e.deliveries(m.ID) {
		if d.Reason != push.ReasonRecalled {
			t.Fatalf("%s: %q", d.Recipient, d.Reason)
		}
	}
}

var _ = fmt.Sprint

// A message recalled before its job runs sends nothing; what was queued
// is recorded as skipped.
func TestRecallBeforeSending(t *testing.T) {
	e := newEnv(t, envOptions{users: 3})
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeTodo, false)
	m := e.push(everyone("early", "审批"))
	if _, err := e.eng.Recall(e.ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	e.run()
	if n := len(e.sim.AllMessages()); n != 0 {
		t.Fatalf("%d messages sent after the recall", n)
	}
	for _, d := range e.deliveries(m.ID) {
		if d.Status != delivery.StatusSkipped {
			t.Fatalf("%s: %s", d.Recipient, d.Status)
		}
	}
}
