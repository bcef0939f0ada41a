package push_test

import (
	"strings"
	"testing"

	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/worker/push"
)

// A push that reaches nobody ends with why, not "delivered" with every
// counter 0 (brief h9 item 3): no rule for its source; rules matched but
// unknown departments, an empty department, nobody bound.
func TestPushToNobodySaysWhy(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.rule("审批", pushtarget.MessageTypeText, false)
	// A department of the OA directory without members.
	e.db.Department.Create().SetExternalID("OA-EMPTY").SetName("空部门").SaveX(e.ctx)
	in := func(key, source string, r detail.PushRecipients) push.Input {
		return push.Input{IdempotencyKey: key, Source: source, Title: "t", Recipients: r}
	}
	cases := []struct {
		in     push.Input
		status message.Status
		says   []string
	}{
		{in("no-rule", "日报", detail.PushRecipients{UserIDs: []string{"OA-x"}}), message.StatusNoMatchingRule, []string{`"日报"`, "no enabled push rule"}},
		{in("no-dept", "审批", detail.PushRecipients{DepartmentIDs: []string{"D-404", "D-405"}}), message.StatusNoRecipients, []string{"unknown OA department ids: D-404, D-405"}},
		{in("empty-dept", "审批", detail.PushRecipients{DepartmentIDs: []string{"OA-EMPTY", "D-404"}}), message.StatusNoRecipients, []string{"unknown OA department ids: D-404", "no members in OA departments OA-EMPTY"}},
		{in("nobody-bound", "审批", detail.PushRecipients{Everyone: true}), message.StatusNoRecipients, []string{"nobody is bound"}},
	}
	for _, c := range cases {
		m := e.push(c.in)
		e.run()
		m = e.message(m.ID)
		if m.Status != c.status || m.Total != 0 {
			t.Errorf("%s: status %s total %d, want %s", c.in.IdempotencyKey, m.Status, m.Total, c.status)
		}
		for _, s := range c.says {
			if !strings.Contains(m.StatusReason, s) {
				t.Errorf("%s: reason %q does not say %q", c.in.IdempotencyKey, m.StatusReason, s)
			}
		}
	}
	// An unknown user id still plans a skipped delivery: that message is
	// delivered, with the reason on the delivery, and no message reason.
	m := e.push(in("unknown-user", "审批", detail.PushRecipients{UserIDs: []string{"OA-nobody"}}))
	e.run()
	if m = e.message(m.ID); m.Status != message.StatusDelivered || m.Skipped != 1 || m.StatusReason != "" {
		t.Errorf("unknown user: status %s skipped %d reason %q", m.Status, m.Skipped, m.StatusReason)
	}
	// Once a rule matches and someone is bound, the same recipients reach people.
	e.bind(e.userIDs()[0])
	m = e.push(in("bound-now", "审批", detail.PushRecipients{Everyone: true}))
	e.run()
	if m = e.message(m.ID); m.Status != message.StatusDelivered || m.Sent != 1 || m.StatusReason != "" {
		t.Errorf("bound: status %s sent %d reason %q", m.Status, m.Sent, m.StatusReason)
	}
}
