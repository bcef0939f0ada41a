package push_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"imbridge/ent/delivery"
	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/ent/user"
	"imbridge/worker/push"
)

func todoInput(key string, users ...string) push.Input {
	return push.Input{IdempotencyKey: key, Source: "审批", Title: "请审批：报销单 1024", Content: "张三 提交了报销 ¥320",
		Link: "https://oa.example.com/flow/1024", TodoKey: "flow-1024",
		Fields:     []detail.PushField{{Label: "金额", Value: "¥320", Short: true}},
		Recipients: detail.PushRecipients{UserIDs: users}}
}

// The "done means" at the engine: a to-do to 3 people, one
// unbound: 2 sent, 1 skipped with the reason; completed, both cards turn
// done in the simulator.
func TestTodoToThreeOneUnbound(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.rule("审批", pushtarget.MessageTypeTodo, false)
	ids := e.userIDs()[:3]
	e.bind(ids[0])
	e.bind(ids[1])
	m := e.push(todoInput("k1", "OA-"+ids[0], "OA-"+ids[1], "OA-"+ids[2]))
	if m.Status != message.StatusQueued || m.TodoState != message.TodoStatePending {
		t.Fatalf("accepted message: status %s, to-do %s", m.Status, m.TodoState)
	}
	e.run()
	m = e.message(m.ID)
	if m.Status != message.StatusDelivered || m.Total != 3 || m.Sent != 2 || m.Skipped != 1 || m.Failed != 0 {
		t.Fatalf("message: status %s total %d sent %d skipped %d failed %d", m.Status, m.Total, m.Sent, m.Skipped, m.Failed)
	}
	ds := e.deliveries(m.ID)
	if d := ds["OA-"+ids[2]]; d.Status != delivery.StatusSkipped || d.Reason != push.ReasonNotBound {
		t.Fatalf("unbound: %s %q", d.Status, d.Reason)
	}
	got := e.received()
	for _, id := range ids[:2] {
		d := ds["OA-"+id]
		if d.Status != delivery.StatusSent || !strings.HasPrefix(d.PlatformMessageID, "om_") || d.CardState != delivery.CardStatePending {
			t.Fatalf("%s: %s %q %s", id, d.Status, d.PlatformMessageID, d.CardState)
		}
		if got[id] != 1 {
			t.Fatalf("%s received %d messages, want 1", id, got[id])
		}
		sm, _ := e.sim.Message(d.PlatformMessageID)
		if sm.MsgType != "interactive" || !strings.Contains(sm.Content, "报销单 1024") {
			t.Fatalf("card: %s %s", sm.MsgType, sm.Content)
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
		sm, _ := e.sim.Message(d.PlatformMessageID)
		if d.CardState != delivery.CardStateDone || sm.Updates != 1 || !strings.Contains(sm.Content, "已同意") {
			t.Fatalf("%s after completion: card %s, %d updates, %s", id, d.CardState, sm.Updates, sm.Content)
		}
	}
	// Completing again changes nothing.
	if c, err := e.eng.CompleteTodo(e.ctx, "flow-1024", "已同意"); err != nil || c.Messages != 0 {
		t.Fatalf("second completion: %+v %v", c, err)
	}
	if _, err := e.eng.CompleteTodo(e.ctx, "no-such", ""); !errors.Is(err, push.ErrNotFound) {
		t.Fatalf("unknown to-do: %v", err)
	}
}

func TestIdempotencyKey(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.rule("审批", pushtarget.MessageTypeText, false)
	ids := e.userIDs()
	e.bind(ids[0])
	in := todoInput("same", "OA-"+ids[0])
	a := e.push(in)
	b := e.push(in)
	if a.ID != b.ID {
		t.Fatalf("same key and body: messages %d and %d", a.ID, b.ID)
	}
	other := in
	other.Title = "another title"
	if _, err := e.eng.Push(e.ctx, other); !errors.Is(err, push.ErrConflict) {
		t.Fatalf("same key, other body: %v, want ErrConflict", err)
	}
	// Concurrent identical pushes: one message.
	var wg sync.WaitGroup
	got := make([]int, 8)
	errs := make([]error, 8)
	in2 := todoInput("concurrent", "OA-"+ids[0])
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := e.eng.Push(e.ctx, in2)
			errs[i] = err
			if m != nil {
				got[i] = m.ID
			}
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || got[i] != got[0] {
			t.Fatalf("concurrent push %d: message %d (first %d), %v", i, got[i], got[0], errs[i])
		}
	}
	e.run()
	if n := e.db.Message.Query().CountX(e.ctx); n != 2 {
		t.Fatalf("%d messages, want 2", n)
	}
	if got := e.received()[ids[0]]; got != 2 {
		t.Fatalf("received %d, want 2 (one per message)", got)
	}
}

func TestBadInputNamesTheField(t *testing.T) {
	e := newEnv(t, envOptions{})
	for field, in := range map[string]push.Input{
		"input.idempotencyKey": {Source: "a", Title: "t", Recipients: detail.PushRecipients{Everyone: true}},
		"input.source":         {IdempotencyKey: "k", Title: "t", Recipients: detail.PushRecipients{Everyone: true}},
		"input.title":          {IdempotencyKey: "k", Source: "a", Recipients: detail.PushRecipients{Everyone: true}},
		"input.link":           {IdempotencyKey: "k", Source: "a", Title: "t", Link: "javascript:alert(1)", Recipients: detail.PushRecipients{Everyone: true}},
		"input.recipients":     {IdempotencyKey: "k", Source: "a", Title: "t"},
	} {
		_, err := e.eng.Push(e.ctx, in)
		var ie *push.InputError
		if !errors.As(err, &ie) || ie.Field != field {
			t.Errorf("%s: got %v", field, err)
		}
	}
	if n := e.db.Message.Query().CountX(e.ctx); n != 0 {
		t.Fatalf("%d messages stored from bad input", n)
	}
}

// A message matches the rules of its source and the every-source rules;
// a target named by several rules is delivered once per recipient.
func TestRulesMatchAndTargetsOnce(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.bindAll()
	e.rule("日报", pushtarget.MessageTypeText, false)
	e.rule("", pushtarget.MessageTypeText, false)   // 全部: the same target again
	e.rule("审批", pushtarget.MessageTypePost, false) // another source
	off := e.rule("日报", pushtarget.MessageTypeCard, false)
	e.db.PushRule.UpdateOne(off).SetEnabled(false).ExecX(e.ctx)
	ids := e.userIDs()[:2]
	m := e.push(push.Input{IdempotencyKey: "r1", Source: "日报", Title: "日报 11-30", Recipients: detail.PushRecipients{UserIDs: []string{"OA-" + ids[0], "OA-" + ids[1]}}})
	e.run()
	m = e.message(m.ID)
	if m.Total != 2 || m.Sent != 2 {
		t.Fatalf("total %d sent %d, want 2 and 2", m.Total, m.Sent)
	}
	for _, id := range ids {
		if n := e.received()[id]; n != 1 {
			t.Fatalf("%s received %d, want 1", id, n)
		}
	}
	// Attendance (考勤) is caught by the every-source rule only.
	m = e.push(push.Input{IdempotencyKey: "r2", Source: "考勤", Title: "打卡提醒", Recipients: detail.PushRecipients{UserIDs: []string{"OA-" + ids[0]}}})
	e.run()
	if m = e.message(m.ID); m.Sent != 1 {
		t.Fatalf("考勤 via the 全部 rule: sent %d", m.Sent)
	}
}

func TestSkipReasons(t *testing.T) {
	for _, scan := range []bool{false, true} {
		t.Run(map[bool]string{false: "by id", true: "scanning the corp"}[scan], func(t *testing.T) {
			if scan {
				defer push.SetScanFrom(1)()
			}
			testSkipReasons(t)
		})
	}
}

func testSkipReasons(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.rule("审批", pushtarget.MessageTypeText, false)
	ids := e.userIDs()
	e.db.User.UpdateOne(e.bind(ids[0])).SetStatus(user.StatusResigned).ExecX(e.ctx)
	e.db.User.UpdateOne(e.bind(ids[1])).SetStatus(user.StatusDisabled).ExecX(e.ctx)
	e.db.User.UpdateOne(e.bind(ids[2])).SetOutOfScopeAt(e.clock.Now()).ExecX(e.ctx)
	e.bind(ids[3])
	m := e.push(push.Input{IdempotencyKey: "s", Source: "审批", Title: "t",
		Recipients: detail.PushRecipients{UserIDs: []string{"OA-" + ids[0], "OA-" + ids[1], "OA-" + ids[2], "OA-" + ids[3], "OA-nobody"}}})
	e.run()
	ds := e.deliveries(m.ID)
	for r, want := range map[string]string{"OA-" + ids[0]: push.ReasonResigned, "OA-" + ids[1]: push.ReasonDisabled,
		"OA-" + ids[2]: push.ReasonOutOfRange, "OA-nobody": push.ReasonUnknownUser} {
		if d := ds[r]; d == nil || d.Status != delivery.StatusSkipped || d.Reason != want {
			t.Errorf("%s: %+v, want skipped %q", r, d, want)
		}
	}
	if d := ds["OA-"+ids[3]]; d.Status != delivery.StatusSent {
		t.Fatalf("bound active: %s", d.Status)
	}
	if len(e.sim.AllMessages()) != 1 {
		t.Fatalf("simulator got %d messages, want 1", len(e.sim.AllMessages()))
	}
}

// Departments expand to their members; part-time members only when the
// rule says so.
func TestDepartmentsAndPartTime(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.bindAll()
	ids := e.userIDs()
	sub := e.db.Department.Create().SetExternalID("OA-D2").SetName("研发").SetParentID(e.db.Department.Query().OnlyIDX(e.ctx)).SaveX(e.ctx)
	// ids[0] is in 研发 part-time; ids[1] moves there as primary.
	oa := func(id string) int {
		return e.db.User.Query().Where(user.CorpIDIsNil(), user.ExternalID("OA-"+id)).OnlyIDX(e.ctx)
	}
	e.db.Membership.Create().SetUserID(oa(ids[0])).SetDepartmentID(sub.ID).SetPrimary(false).SaveX(e.ctx)
	r := e.rule("日报", pushtarget.MessageTypeText, false)
	e.db.PushRule.UpdateOne(r).SetIncludePartTime(false).ExecX(e.ctx)
	e.db.Membership.Create().SetUserID(oa(ids[1])).SetDepartmentID(sub.ID).SetPrimary(true).SaveX(e.ctx)
	m := e.push(push.Input{IdempotencyKey: "d1", Source: "日报", Title: "t", Recipients: detail.PushRecipients{DepartmentIDs: []string{"OA-D2"}}})
	e.run()
	if ds := e.deliveries(m.ID); len(ds) != 1 || ds["OA-"+ids[1]] == nil {
		t.Fatalf("without part-time: %v", keys(ds))
	}
	e.db.PushRule.UpdateOne(r).SetIncludePartTime(true).ExecX(e.ctx)
	m = e.push(push.Input{IdempotencyKey: "d2", Source: "日报", Title: "t", Recipients: detail.PushRecipients{DepartmentIDs: []string{"OA-D2"}}})
	e.run()
	if ds := e.deliveries(m.ID); len(ds) != 2 {
		t.Fatalf("with part-time: %v", keys(ds))
	}
	// The parent department includes its sub-department.
	m = e.push(push.Input{IdempotencyKey: "d3", Source: "日报", Title: "t", Recipients: detail.PushRecipients{DepartmentIDs: []string{"OA-D1"}}})
	e.run()
	if ds := e.deliveries(m.ID); len(ds) != len(ids) {
		t.Fatalf("whole company: %d deliveries, want %d", len(ds), len(ids))
	}
	// Everyone bound.
	m = e.push(push.Input{IdempotencyKey: "d4", Source: "日报", Title: "t", Recipients: detail.PushRecipients{Everyone: true}})
	e.run()
	if m = e.message(m.ID); m.Sent != len(ids) {
		t.Fatalf("everyone: sent %d, want %d", m.Sent, len(ids))
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

var _ = context.Background

// A to-do or card of a title alone is still a valid card (Feishu refuses
// one without elements).
func TestTitleOnlyCards(t *testing.T) {
	e := newEnv(t, envOptions{users: 2})
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeTodo, false)
	e.rule("审批", pushtarget.MessageTypeCard, false)
	m := e.push(push.Input{IdempotencyKey: "bare", Source: "审批", Title: "请审批", TodoKey: "bare", Recipients: detail.PushRecipients{Everyone: true}})
	e.run()
	if m = e.message(m.ID); m.Sent != 4 || m.Failed != 0 {
		t.Fatalf("sent %d failed %d", m.Sent, m.Failed)
	}
}
