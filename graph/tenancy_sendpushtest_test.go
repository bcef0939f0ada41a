package graph_test

import (
	"testing"

	"imbridge/ent/admin"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/pushtarget"
)

// caseSendPushTest: A cannot send a test through B's target (nor name B's
// rule or message as one), even with A's admin linked to a person of B's
// corp; and that link does not let A's own target send to B's person:
// the admin is not linked in A's target's corp.
func caseSendPushTest(t *testing.T, f *tenancyFixture) {
	q := `mutation($id: ID!) { sendPushTest(targetID: $id) { platformMessageID target { id } } }`
	bTarget := f.env.Client.PushTarget.Query().Where(pushtarget.RuleID(f.bPushRule)).OnlyIDX(dbtest.Bootstrap())
	aTarget := f.env.Client.PushTarget.Query().Where(pushtarget.RuleID(f.aPushRule)).OnlyIDX(dbtest.Bootstrap())
	link := f.env.Client.Admin.Update().Where(admin.Username("a-admin"))
	link.SetImCorpID(f.bCorp).SetImUserID(bMarker + "-u").ExecX(dbtest.Bootstrap())
	defer f.env.Client.Admin.Update().Where(admin.Username("a-admin")).ClearImCorpID().ClearImUserID().ExecX(dbtest.Bootstrap())
	for _, c := range f.callersA() {
		for _, id := range []int{bTarget, f.bPushRule, f.bMessage} {
			f.mustFail(t, c, q, map[string]any{"id": id}, refused...)
		}
	}
	f.mustFail(t, f.aAdmin, q, map[string]any{"id": aTarget}, "CONFLICT")
	if r := f.aAdmin.Do(q, map[string]any{"id": aTarget}); len(r.Errors) != 1 || r.Errors[0].Extensions["reason"] != "push_test_not_linked" {
		t.Errorf("A's target with a link in B's corp: %s %+v", r.Data, r.Errors)
	}
}
