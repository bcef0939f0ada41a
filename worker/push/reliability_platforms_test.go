package push_test

import (
	"testing"

	"imbridge/ent/delivery"
	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/worker/push"
)

// 5% injected 5xx, lost replies (applied, answer lost), throttling (Feishu
// 429, WeCom 45009) and expired tokens on every platform: still exactly one
// message each (Feishu: the uuid of the delivery; WeCom: the duplicate
// check of message/send, whose content carries the delivery key).
func TestPlatformsHostileExactlyOnce(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{users: 120})
		e.im.hostile(0.05, 17)
		e.bindEveryone()
		e.rule("审批", pushtarget.MessageTypeTodo, false)
		m := e.push(everyone("hostile", "审批"))
		e.run()
		m = e.message(m.ID)
		if m.Failed != 0 || m.Sent != len(e.ids()) {
			for _, d := range e.deliveries(m.ID) {
				if d.Status != delivery.StatusSent {
					t.Logf("%s: %s %s", d.Recipient, d.Status, d.Reason)
				}
			}
			t.Fatalf("sent %d failed %d of %d", m.Sent, m.Failed, len(e.ids()))
		}
		e.exactlyOnce(t)
	})
}

// Announcements to many go one by one by default, so a lost reply is
// resent safely: exactly one each, and no batch send is used.
func TestPlatformsAnnouncementLostReplies(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{users: 200})
		e.im.loseReplies(0.1)
		e.bindEveryone()
		e.rule("公告", pushtarget.MessageTypeText, false)
		m := e.push(push.Input{IdempotencyKey: "lost", Source: "公告", Title: "放假通知", Content: "国庆放假安排",
			Recipients: detail.PushRecipients{Everyone: true}})
		e.run()
		if e.im.lostReplies() == 0 {
			t.Fatal("no reply was lost: the test proves nothing")
		}
		if n := e.im.batches(); n != 0 {
			t.Fatalf("%d batch sends: their outcome after a lost reply is unknowable", n)
		}
		if m = e.message(m.ID); m.Status != message.StatusDelivered || m.Sent != len(e.ids()) {
			t.Fatalf("%s: sent %d of %d", m.Status, m.Sent, len(e.ids()))
		}
		e.exactlyOnce(t)
	})
}

// Transient failures retry with backoff; after MaxAttempts a delivery is
// dead, and a replay sends it, once.
func TestPlatformsDeadAndReplay(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{users: 3, attempts: 1, params: func(p *push.Params) { p.MaxAttempts = 3 }})
		e.bindEveryone()
		e.rule("审批", pushtarget.MessageTypeTodo, false)
		e.im.failSends(9)
		m := e.push(everyone("dead", "审批"))
		e.run()
		m = e.message(m.ID)
		if m.Status != message.StatusDeliveredWithErrors || m.Failed != 3 {
			t.Fatalf("%s failed %d", m.Status, m.Failed)
		}
		for _, d := range e.deliveries(m.ID) {
			if d.Status != delivery.StatusDead || d.Attempts != 3 {
				t.Fatalf("%s: %s after %d attempts", d.Recipient, d.Status, d.Attempts)
			}
		}
		n, err := e.eng.ReplayDead(e.ctx, m.ID)
		if err != nil || n != 3 {
			t.Fatalf("replay: %d %v", n, err)
		}
		e.run()
		if m = e.message(m.ID); m.Status != message.StatusDelivered || m.Sent != 3 {
			t.Fatalf("after replay: %s sent %d", m.Status, m.Sent)
		}
		e.exactlyOnce(t)
	})
}

// A recipient the platform refuses (Feishu: outside the app's
// availability, 230013; WeCom: in invaliduser, 81013) fails at once with
// the platform's code on that recipient's delivery alone, without
// retries; the others are sent.
func TestPlatformsRefusedRecipientRecorded(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{users: 3})
		e.bindEveryone()
		e.rule("审批", pushtarget.MessageTypeText, false)
		ids := e.ids()
		e.im.refuse(ids[2])
		m := e.push(push.Input{IdempotencyKey: "p", Source: "审批", Title: "t",
			Recipients: detail.PushRecipients{UserIDs: []string{"OA-" + ids[0], "OA-" + ids[1], "OA-" + ids[2]}}})
		e.run()
		ds := e.deliveries(m.ID)
		d := ds["OA-"+ids[2]]
		if d.Status != delivery.StatusFailed || d.Attempts != 1 || d.ErrorCode == nil || *d.ErrorCode != e.im.refusalCode() {
			t.Fatalf("refused: %s after %d attempts, code %v, %q", d.Status, d.Attempts, d.ErrorCode, d.Reason)
		}
		for _, id := range ids[:2] {
			if ds["OA-"+id].Status != delivery.StatusSent {
				t.Fatalf("%s: %s", id, ds["OA-"+id].Status)
			}
		}
	})
}

// With BatchAtMostOnce, announcements to many go in batches (at most
// platform.MaxBatchRecipients a request; WeCom's adapter splits touser
// further at 1,000), each person once; a recipient the platform refuses
// in a batch (WeCom invaliduser) is recorded failed on their own
// delivery, the others sent.
func TestPlatformsBatchAnnouncement(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{users: 450, params: func(p *push.Params) { p.BatchAtMostOnce = true }})
		e.bindEveryone()
		ids := e.ids()
		e.im.refuse(ids[7])
		e.rule("公告", pushtarget.MessageTypePost, false)
		m := e.push(push.Input{IdempotencyKey: "b", Source: "公告", Title: "放假通知", Content: "国庆放假安排", Link: "https://oa.example.com/n/1",
			Recipients: detail.PushRecipients{Everyone: true}})
		e.run()
		if want := (len(ids) + 199) / 200; e.im.batches() != want {
			t.Fatalf("batches %d, want %d", e.im.batches(), want)
		}
		got := e.im.received()
		for _, id := range ids {
			if want := map[bool]int{true: 0, false: 1}[id == ids[7]]; got[id] != want {
				t.Fatalf("%s received %d, want %d", id, got[id], want)
			}
		}
		m = e.message(m.ID)
		if m.Sent != len(ids)-1 || m.Failed != 1 {
			t.Fatalf("sent %d failed %d", m.Sent, m.Failed)
		}
		if d := e.deliveries(m.ID)["OA-"+ids[7]]; d.Status != delivery.StatusFailed {
			t.Fatalf("refused in the batch: %s %q", d.Status, d.Reason)
		}
	})
}

// A recall withdraws every sent message on the platform.
func TestPlatformsRecall(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{users: 3})
		e.bindEveryone()
		e.rule("审批", pushtarget.MessageTypeText, false)
		m := e.push(everyone("rc", "审批"))
		e.run()
		if _, err := e.eng.Recall(e.ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		e.run()
		if n := e.im.recalled(); n != 3 {
			t.Fatalf("%d messages recalled on the platform, want 3", n)
		}
		if m = e.message(m.ID); m.Status != message.StatusRecalled {
			t.Fatalf("status %s", m.Status)
		}
		for _, d := range e.deliveries(m.ID) {
			if d.Reason != push.ReasonRecalled {
				t.Fatalf("%s: %q", d.Recipient, d.Reason)
			}
		}
	})
}
