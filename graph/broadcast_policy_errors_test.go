package graph_test

import (
	"testing"
)

// A policy breaking several rules gets one BAD_USER_INPUT per field, each
// with its own field and reason (broadcast.<rule>, as createBroadcast's),
// not one error filed under the first field.
func TestBroadcastPolicyErrorsAreOnePerField(t *testing.T) {
	w := newPermGraphWorld(t)
	const q = `mutation($in: SetBroadcastPolicyInput!) { setBroadcastPolicy(input: $in) { mode } }`
	r := w.adm.Do(q, map[string]any{"in": map[string]any{"corpID": w.corp, "mode": "SELECTED",
		"userIDs": []int{w.oa["boss"]}, "approverMode": "ADMINS", "approverUserIDs": []int{w.oa["boss"]}}})
	got := map[string]string{}
	for _, e := range r.Errors {
		if e.Code() != "BAD_USER_INPUT" {
			t.Fatalf("error %+v", e)
		}
		field, _ := e.Extensions["field"].(string)
		got[field], _ = e.Extensions["reason"].(string)
	}
	want := map[string]string{"input.userIDs": "broadcast.org_chart", "input.approverUserIDs": "broadcast.named_only"}
	if len(got) != len(want) {
		t.Fatalf("errors by field %v, want %v", got, want)
	}
	for f, reason := range want {
		if got[f] != reason {
			t.Errorf("%s: reason %q, want %q (all: %v)", f, got[f], reason, got)
		}
	}
}
