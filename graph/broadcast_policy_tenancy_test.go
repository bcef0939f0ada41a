package graph_test

import (
	"context"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
)

// The broadcast permission in the cross-tenant matrix
// (TestCrossTenantIsolation): tenant B has a SELECTED policy on its corp
// and a pending request with a draft; no query or mutation of A reads or
// changes them, and A cannot point its own policy or requests at B's
// departments, people (to select or to approve), accounts or apps.

// seedBroadcastPermission stores, as the tenant's system, a policy allowing
// only imUser and a pending request of requester with a draft.
func seedBroadcastPermission(t *testing.T, env *graphtest.Env, ctx context.Context, corp, app, imUser, requester int, marker string) {
	t.Helper()
	env.Client.BroadcastPolicy.Create().SetCorpID(corp).SetMode("SELECTED").SetUserIds([]int{imUser}).SaveX(ctx)
	env.Client.BroadcastPermissionRequest.Create().SetCorpID(corp).SetRequesterID(requester).SetReason(marker + " 想开播").
		SetDraft(&detail.BroadcastDraft{AppID: app, Provider: "wecom_living", Title: marker + " 直播", Start: time.Now().Add(time.Hour), DurationSeconds: 3600}).
		SaveX(ctx)
}

func caseBroadcastPolicy(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `query($id: ID!) { broadcastPolicy(corpID: $id) { id mode users { id name } departments { id } } }`, map[string]any{"id": f.bCorp}, refused...)
	}
}

func casePendingBroadcastPermissionRequestCount(t *testing.T, f *tenancyFixture) {
	for _, tc := range []struct {
		c    *graphtest.Caller
		want int // A's admin decides A's one request; a token decides nothing
	}{{f.aAdmin, 1}, {f.aToken, 0}} {
		var out struct{ PendingBroadcastPermissionRequestCount int }
		tc.c.MustDo(`{ pendingBroadcastPermissionRequestCount }`, nil, &out)
		if out.PendingBroadcastPermissionRequestCount != tc.want {
			t.Errorf("%s: pending = %d, want %d", tc.c, out.PendingBroadcastPermissionRequestCount, tc.want)
		}
		r := tc.c.Do(`query($id: ID) { pendingBroadcastPermissionRequestCount(corpID: $id) }`, map[string]any{"id": f.bCorp})
		if len(r.Errors) > 0 || string(r.Data) != `{"pendingBroadcastPermissionRequestCount":0}` {
			t.Errorf("%s: pending of B's corp: %s %+v", tc.c, r.Data, r.Errors)
		}
	}
}

func caseSetBroadcastPolicy(t *testing.T, f *tenancyFixture) {
	q := `mutation($in: SetBroadcastPolicyInput!) { setBroadcastPolicy(input: $in) { id mode } }`
	for _, c := range f.callersA() {
		for _, in := range []map[string]any{
			{"corpID": f.bCorp, "mode": "EVERYONE", "approverMode": "ADMINS"},
			{"corpID": f.aCorp, "mode": "SELECTED", "departmentIDs": []int{f.bIMDept}, "approverMode": "ADMINS"},
			{"corpID": f.aCorp, "mode": "SELECTED", "userIDs": []int{f.bIMUser}, "approverMode": "ADMINS"},
			{"corpID": f.aCorp, "mode": "EVERYONE", "approverMode": "NAMED", "approverIDs": []int{f.bAdminID}},
			{"corpID": f.aCorp, "mode": "EVERYONE", "approverMode": "NAMED", "approverUserIDs": []int{f.bOAUsers[1]}},
		} {
			f.mustFail(t, c, q, map[string]any{"in": in}, "NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT")
		}
	}
}

func caseRequestBroadcastPermission(t *testing.T, f *tenancyFixture) {
	q := `mutation($in: RequestBroadcastPermissionInput!) { requestBroadcastPermission(input: $in) { id status } }`
	draft := func(app int) map[string]any {
		return map[string]any{"appID": app, "provider": "wecom_living", "title": "t", "start": time.Now().Add(time.Hour).Format(time.RFC3339), "durationSeconds": 3600}
	}
	for _, c := range f.callersA() {
		for _, in := range []map[string]any{
			{"corpID": f.bCorp, "requesterID": f.bOAUsers[1], "reason": "r"},
			{"corpID": f.aCorp, "requesterID": f.bOAUsers[1], "reason": "r"},
			{"corpID": f.aCorp, "requesterID": f.aOAUsers()[1], "reason": "r", "draft": draft(f.bApp)},
		} {
			f.mustFail(t, c, q, map[string]any{"in": in}, "NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT")
		}
	}
}

// decideRefused: deciding B's request is refused for A's callers and
// changes nothing.
func decideRefused(q string) func(*testing.T, *tenancyFixture) {
	return func(t *testing.T, f *tenancyFixture) {
		for _, c := range f.callersA() {
			for _, id := range f.bIDs["broadcast_permission_requests"] {
				f.mustFail(t, c, q, map[string]any{"id": id}, refused...)
			}
		}
	}
}

// aOAUsers are A's OA users (Alice, Bob), by external id.
func (f *tenancyFixture) aOAUsers() []int {
	ctx := viewer.System(context.Background(), "test", f.a.ID)
	return f.env.Client.User.Query().Where(user.CorpIDIsNil()).Order(ent.Asc(user.FieldExternalID)).IDsX(ctx)
}
