package graph_test

import (
	"strings"
	"testing"

	"imbridge/ent/admin"
	"imbridge/graph/graphtest"
)

// Any console account changes its own password with the current one; the
// old one stops working, other sessions end, and the log never holds either.
func TestChangeOwnPassword(t *testing.T) {
	env := graphtest.New(t)
	tn, _, _ := env.Tenant("acme")
	me := env.Admin("reader", admin.RoleViewer, tn.ID) // a viewer has no admin:write
	other := env.Login("reader", "Correct-Horse-9")    // a second session
	q := `mutation($in: ChangePasswordInput!) { changePassword(input: $in) { username } }`
	if code, e := me.ErrCode(q, map[string]any{"in": map[string]any{"currentPassword": "nope-nope-nope", "newPassword": "Brand-New-Pass-7"}}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.currentPassword" || e.Extensions["reason"] != "wrong_password" {
		t.Fatalf("wrong current password: %s %+v", code, e)
	}
	if code, e := me.ErrCode(q, map[string]any{"in": map[string]any{"currentPassword": "Correct-Horse-9", "newPassword": "short"}}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.newPassword" {
		t.Fatalf("weak new password: %s %+v", code, e)
	}
	me.MustDo(q, map[string]any{"in": map[string]any{"currentPassword": "Correct-Horse-9", "newPassword": "Brand-New-Pass-7"}}, nil)
	// This session goes on; the other one ended.
	me.MustDo(`{ viewer { name } }`, nil, nil)
	if code, _ := other.ErrCode(`{ corps { totalCount } }`, nil); code != "UNAUTHENTICATED" {
		t.Fatalf("the other session still works: %s", code)
	}
	env.Login("reader", "Brand-New-Pass-7")
	var log struct {
		AuditEvents struct {
			Edges []struct {
				Node struct{ Action, Summary, After string }
			}
		}
	}
	me.MustDo(`{ auditEvents(first: 50) { edges { node { action summary after } } } }`, nil, &log)
	for _, e := range log.AuditEvents.Edges {
		if all := e.Node.Summary + e.Node.After; strings.Contains(all, "Brand-New") || strings.Contains(all, "Correct-Horse") || strings.Contains(all, "argon2") {
			t.Fatalf("a password in the log: %+v", e.Node)
		}
	}
}
