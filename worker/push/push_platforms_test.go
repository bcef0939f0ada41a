package push_test

import (
	"strings"
	"testing"

	"imbridge/ent/delivery"
	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/ent/user"
	"imbridge/worker/push"
)

// A to-do to three people, one unbound, on each platform: 2 sent as the
// platform's to-do card, 1 skipped with the reason; completing it turns
// both cards done on the platform (Feishu: the card patched; WeCom: the
// template card replaced through its response_code).
func TestPlatformsTodoAndComplete(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{})
		e.rule("审批", pushtarget.MessageTypeTodo, false)
		ids := e.ids()[:3]
		e.bind(ids[0])
		e.bind(ids[1])
		m := e.push(todoInput("k1", "OA-"+ids[0], "OA-"+ids[1], "OA-"+ids[2]))
		e.run()
		m = e.message(m.ID)
		if m.Status != message.StatusDelivered || m.Total != 3 || m.Sent != 2 || m.Skipped != 1 || m.Failed != 0 {
			t.Fatalf("message: status %s total %d sent %d skipped %d failed %d", m.Status, m.Total, m.Sent, m.Skipped, m.Failed)
		}
		ds := e.deliveries(m.ID)
		if d := ds["OA-"+ids[2]]; d.Status != delivery.StatusSkipped || d.Reason != push.ReasonNotBound {
			t.Fatalf("unbound: %s %q", d.Status, d.Reason)
		}
		got := e.im.received()
		for _, id := range ids[:2] {
			d := ds["OA-"+id]
			if d.Status != delivery.StatusSent || d.PlatformMessageID == "" || d.CardState != delivery.CardStatePending {
				t.Fatalf("%s: %s %q %s", id, d.Status, d.PlatformMessageID, d.CardState)
			}
			if got[id] != 1 {
				t.Fatalf("%s received %d messages, want 1", id, got[id])
			}
			kind, content, _, ok := e.im.sent(d.PlatformMessageID)
			if !ok || kind != e.im.cardKind() || !strings.Contains(content, "报销单 1024") {
				t.Fatalf("card: %v %s %s", ok, kind, content)
			}
		}
		if got[ids[2]] != 0 {
			t.Fatal("the unbound person got a message")
		}

		c, err := e.eng.CompleteTodo(e.ctx, "flow-1024", "已同意")
		if err != nil || c.Messages != 1 {
			t.Fatalf("complete: %+v %v", c, err)
		}
		e.run()
		for _, id := range ids[:2] {
			d := e.deliveries(m.ID)["OA-"+id]
			_, content, updates, _ := e.im.sent(d.PlatformMessageID)
			if d.CardState != delivery.CardStateDone || updates != 1 || !strings.Contains(content, "已同意") {
				t.Fatalf("%s after completion: card %s, %d updates, %s", id, d.CardState, updates, content)
			}
		}
		if c, err := e.eng.CompleteTodo(e.ctx, "flow-1024", "已同意"); err != nil || c.Messages != 0 {
			t.Fatalf("second completion: %+v %v", c, err)
		}
	})
}

// Two messages with the same words to the same person are two messages:
// WeCom's content-based duplicate check (the guard of exactly-once) must
// not swallow the second rich text or card, whose links carry the
// delivery's key. Plain text on WeCom has no such place: two identical
// texts within the interval are one message (platform/wecom/messenger.go).
func TestPlatformsSameWordsTwoMessages(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{})
		for _, typ := range []pushtarget.MessageType{pushtarget.MessageTypeText, pushtarget.MessageTypePost, pushtarget.MessageTypeCard} {
			e.db.PushRule.Delete().ExecX(e.ctx)
			e.rule("审批", typ, false)
			id := e.ids()[0]
			if !e.db.User.Query().Where(user.CorpID(e.corp.ID), user.ExternalID(id)).ExistX(e.ctx) {
				e.bind(id)
			}
			before := e.im.received()[id]
			a := e.push(todoInput("a-"+string(typ), "OA-"+id))
			b := e.push(todoInput("b-"+string(typ), "OA-"+id))
			if a.ID == b.ID {
				t.Fatalf("%s: two keys, one message", typ)
			}
			e.run()
			want := 2
			if name == "wecom" && typ == pushtarget.MessageTypeText {
				want = 1
			}
			if got := e.im.received()[id] - before; got != want {
				t.Fatalf("%s: received %d, want %d", typ, got, want)
			}
		}
	})
}

// Text and rich text (Feishu post, WeCom markdown) reach each person
// once through the rules of the source and the every-source rules.
func TestPlatformsRulesTextAndRichText(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{})
		e.bindEveryone()
		e.rule("日报", pushtarget.MessageTypeText, false)
		e.rule("", pushtarget.MessageTypeText, false)   // 全部: the same target again
		e.rule("公告", pushtarget.MessageTypePost, false) // another source
		ids := e.ids()[:2]
		m := e.push(push.Input{IdempotencyKey: "r1", Source: "日报", Title: "日报 11-30", Content: "今日完成",
			Recipients: detail.PushRecipients{UserIDs: []string{"OA-" + ids[0], "OA-" + ids[1]}}})
		e.run()
		if m = e.message(m.ID); m.Total != 2 || m.Sent != 2 {
			t.Fatalf("text: total %d sent %d, want 2 and 2", m.Total, m.Sent)
		}
		for _, id := range ids {
			if n := e.im.received()[id]; n != 1 {
				t.Fatalf("%s received %d, want 1", id, n)
			}
		}
		m = e.push(push.Input{IdempotencyKey: "r2", Source: "公告", Title: "放假通知", Content: "国庆放假安排", Link: "https://oa.example.com/n/1",
			Recipients: detail.PushRecipients{UserIDs: []string{"OA-" + ids[0]}}})
		e.run()
		m = e.message(m.ID)
		if m.Sent != 2 { // the post rule and the 全部 text rule
			t.Fatalf("post: sent %d, want 2", m.Sent)
		}
		kinds := map[string]bool{}
		for _, d := range m.QueryDeliveries().AllX(e.ctx) {
			kind, content, _, ok := e.im.sent(d.PlatformMessageID)
			if !ok || !strings.Contains(content, "放假通知") {
				t.Fatalf("%s: %v %s", d.TargetKey, ok, content)
			}
			kinds[kind] = true
		}
		if len(kinds) != 2 {
			t.Fatalf("message types sent: %v, want text and rich text", kinds)
		}
	})
}

// Skipped reasons are the engine's, the same on every platform: resigned,
// disabled, outside the app's range, unknown; nothing is sent to them.
func TestPlatformsSkipReasons(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{})
		e.rule("审批", pushtarget.MessageTypeText, false)
		ids := e.ids()
		e.db.User.UpdateOne(e.bind(ids[0])).SetStatus(user.StatusResigned).ExecX(e.ctx)
		e.db.User.UpdateOne(e.bind(ids[1])).SetStatus(user.StatusDisabled).ExecX(e.ctx)
		e.db.User.UpdateOne(e.bind(ids[2])).SetOutOfScopeAt(e.clock.Now()).ExecX(e.ctx)
		e.bind(ids[3])
		m := e.push(push.Input{IdempotencyKey: "s", Source: "审批", Title: "t",
			Recipients: detail.PushRecipients{UserIDs: []string{"OA-" + ids[0], "OA-" + ids[1], "OA-" + ids[2], "OA-" + ids[3], "OA-nobody", "OA-" + ids[4]}}})
		e.run()
		ds := e.deliveries(m.ID)
		for r, want := range map[string]string{"OA-" + ids[0]: push.ReasonResigned, "OA-" + ids[1]: push.ReasonDisabled,
			"OA-" + ids[2]: push.ReasonOutOfRange, "OA-nobody": push.ReasonUnknownUser, "OA-" + ids[4]: push.ReasonNotBound} {
			if d := ds[r]; d == nil || d.Status != delivery.StatusSkipped || d.Reason != want {
				t.Errorf("%s: %+v, want skipped %q", r, d, want)
			}
		}
		if d := ds["OA-"+ids[3]]; d.Status != delivery.StatusSent {
			t.Fatalf("bound active: %s", d.Status)
		}
		got := e.im.received()
		if len(got) != 1 || got[ids[3]] != 1 {
			t.Fatalf("the platform delivered %v, want one message to %s", got, ids[3])
		}
	})
}

// A to-do and a card of a title alone are valid on every platform.
func TestPlatformsTitleOnlyCards(t *testing.T) {
	eachPlatform(t, func(t *testing.T, name string) {
		e := newPlatformEnv(t, name, pOptions{users: 2})
		e.bindEveryone()
		e.rule("审批", pushtarget.MessageTypeTodo, false)
		e.rule("审批", pushtarget.MessageTypeCard, false)
		m := e.push(push.Input{IdempotencyKey: "bare", Source: "审批", Title: "请审批", TodoKey: "bare", Recipients: detail.PushRecipients{Everyone: true}})
		e.run()
		if m = e.message(m.ID); m.Sent != 4 || m.Failed != 0 {
			for _, d := range m.QueryDeliveries().AllX(e.ctx) {
				t.Logf("%s %s: %s %q", d.Recipient, d.TargetKey, d.Status, d.Reason)
			}
			t.Fatalf("sent %d failed %d", m.Sent, m.Failed)
		}
	})
}
