package graph_test

import (
	"fmt"
	"testing"

	"imbridge/ent/admin"
	"imbridge/graph/graphtest"
)

// Refusals the console words itself carry extensions.reason (and its
// values): a stable key, so the admin reads them in the console's language
// instead of the server's English.
func TestErrorsCarryReasons(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	root := env.Admin("root", admin.RoleSuperAdmin, 0)
	viewer := env.Admin("acme-viewer", admin.RoleViewer, tn.ID)
	tid := fmt.Sprint(tn.ID)
	var me struct {
		Admins struct {
			Edges []struct{ Node struct{ ID, Username string } }
		}
	}
	adm.MustDo(`{ admins(first: 10) { edges { node { id username } } } }`, nil, &me)
	self := ""
	for _, e := range me.Admins.Edges {
		if e.Node.Username == "acme-admin" {
			self = e.Node.ID
		}
	}

	cases := []struct {
		name, code, reason string
		caller             *graphtest.Caller
		q                  string
		vars               map[string]any
		ext                map[string]any
	}{
		{"tenant not empty", "CONFLICT", "tenant_not_empty", root, `mutation($id: ID!) { deleteTenant(id: $id) { deletedID } }`, map[string]any{"id": tid}, map[string]any{"what": "admins"}},
		{"invalid scope", "BAD_USER_INPUT", "invalid_scope", adm, `mutation { createAPIToken(input: {name: "x", scopes: ["root"]}) { secret } }`, nil, map[string]any{"field": "input.scopes[0]"}},
		{"own account", "CONFLICT", "self_delete", adm, `mutation($id: ID!) { deleteAdmin(id: $id) { deletedID } }`, map[string]any{"id": self}, nil},
		{"permission", "FORBIDDEN", "permission_required", viewer, `mutation { createCorp(input: {platform: feishu, name: "x"}) { id } }`, nil, map[string]any{"permission": "integration:write"}},
	}
	for _, c := range cases {
		code, e := c.caller.ErrCode(c.q, c.vars)
		if code != c.code || e.Extensions["reason"] != c.reason {
			t.Errorf("%s: got %s %v, want %s with reason %s", c.name, code, e.Extensions, c.code, c.reason)
		}
		for k, v := range c.ext {
			if e.Extensions[k] != v {
				t.Errorf("%s: extensions[%s] = %v, want %v", c.name, k, e.Extensions[k], v)
			}
		}
	}
}
