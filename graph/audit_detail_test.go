package graph_test

import (
	"strings"
	"testing"

	"imbridge/graph/graphtest"
)

// The audit log shows what a change did (the object before and after, no
// secrets) and what was tried and failed, not only what succeeded.
func TestAuditRecordsBeforeAfterAndFailures(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "旧名称"}}, &c)
	var a struct{ CreateApp struct{ ID string } }
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": c.CreateCorp.ID, "name": "OA", "appID": "cli_a", "appSecret": "hunter2-secret"}}, &a)
	adm.MustDo(`mutation($id: ID!) { updateCorp(id: $id, input: {name: "新名称"}) { id } }`, map[string]any{"id": c.CreateCorp.ID}, nil)
	// A failure: bad input (an invalid homepage URL).
	if code, _ := adm.ErrCode(`mutation($id: ID!) { updateApp(id: $id, input: {homepageURL: "not a url"}) { id } }`, map[string]any{"id": a.CreateApp.ID}); code != "BAD_USER_INPUT" {
		t.Fatalf("updateApp: %s", code)
	}
	adm.MustDo(`mutation($id: ID!) { deleteApp(id: $id) { deletedID } }`, map[string]any{"id": a.CreateApp.ID}, nil)

	var out struct {
		AuditEvents struct {
			Edges []struct {
				Node struct {
					Action, TargetType, Before, After, Summary string
					Success                                    bool
				}
			}
		}
	}
	adm.MustDo(`{ auditEvents(first: 50) { edges { node { action targetType before after summary success } } } }`, nil, &out)
	seen := map[string]bool{}
	for _, e := range out.AuditEvents.Edges {
		n := e.Node
		if strings.Contains(n.Before+n.After+n.Summary, "hunter2") {
			t.Fatalf("a secret in the audit log: %+v", n)
		}
		switch {
		case n.Action == "updateCorp" && n.Success:
			seen["update"] = strings.Contains(n.Before, "旧名称") && strings.Contains(n.After, "新名称")
		case n.Action == "updateApp" && !n.Success:
			seen["failure"] = strings.Contains(n.Summary, "BAD_USER_INPUT")
		case n.Action == "deleteApp" && n.Success:
			seen["delete"] = n.TargetType == "App" && strings.Contains(n.Before, "cli_a") && n.After == ""
		case n.Action == "createApp" && n.Success:
			seen["create"] = n.Before == "" && strings.Contains(n.After, "cli_a")
		}
	}
	for _, k := range []string{"update", "failure", "delete", "create"} {
		if !seen[k] {
			t.Errorf("%s not audited as expected: %+v", k, out.AuditEvents.Edges)
		}
	}
}
