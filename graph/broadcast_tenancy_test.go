package graph_test

import (
	"strings"
	"testing"
	"time"
)

// Broadcasts in the cross-tenant matrix (TestCrossTenantIsolation): tenant
// B has an ended broadcast with a viewer (seedBroadcast); no broadcast
// query or mutation of A reads or changes it, and A cannot create one on
// B's corp, app or anchor, nor set B's Volcano keys.

// broadcastRefused: an operation on one of B's broadcasts (or any other of
// B's ids) is refused for A's callers and changes nothing.
func broadcastRefused(q string) func(*testing.T, *tenancyFixture) {
	return func(t *testing.T, f *tenancyFixture) {
		ids := append(append([]int{}, f.bIDs["broadcasts"]...), f.bIDs["broadcast_viewers"]...)
		for _, c := range f.callersA() {
			for _, id := range ids {
				vars := map[string]any{"id": id}
				if hasInput(q) {
					vars["in"] = map[string]any{"title": "pwned"}
				}
				f.mustFail(t, c, q, vars, refused...)
			}
		}
	}
}

func hasInput(q string) bool { return strings.Contains(q, "$in") }

func caseCreateBroadcast(t *testing.T, f *tenancyFixture) {
	q := `mutation($in: CreateBroadcastInput!) { createBroadcast(input: $in) { id tenantID } }`
	start := time.Now().Add(time.Hour).Format(time.RFC3339)
	in := func(corp, app, anchor int) map[string]any {
		return map[string]any{"in": map[string]any{"corpID": corp, "appID": app, "anchorID": anchor, "title": "A live",
			"startTime": start, "durationSeconds": 600}}
	}
	for _, c := range f.callersA() {
		// B's corp, B's app on A's corp, B's anchor: no such thing in A.
		f.mustFail(t, c, q, in(f.bCorp, f.bApp, f.bOAUsers[0]), append([]string{"BAD_USER_INPUT"}, refused...)...)
		f.mustFail(t, c, q, in(f.aCorp, f.bApp, f.bOAUsers[0]), append([]string{"BAD_USER_INPUT"}, refused...)...)
		f.mustFail(t, c, q, in(f.aCorp, f.aApp, f.bOAUsers[0]), append([]string{"BAD_USER_INPUT"}, refused...)...)
	}
}

func caseSetVolcanoKeys(t *testing.T, f *tenancyFixture) {
	q := `mutation($id: ID!) { setVolcanoKeys(corpID: $id, input: {accessKeyID: "pwned", secretAccessKey: "pwned"}) { id volcanoKeysSet } }`
	for _, c := range f.callersA() {
		for _, id := range []int{f.bCorp, f.bApp} {
			f.mustFail(t, c, q, map[string]any{"id": id}, refused...)
		}
	}
}

func caseBroadcastQuery(t *testing.T, f *tenancyFixture) {
	broadcastRefused(`query($id: ID!) { broadcast(id: $id) { id title platformID stats { viewers } } }`)(t, f)
}

func caseBroadcastExport(t *testing.T, f *tenancyFixture) {
	broadcastRefused(`query($id: ID!) { broadcastExport(id: $id) { fileName contentBase64 rows } }`)(t, f)
}
