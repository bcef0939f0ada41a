package graph_test

import (
	"strconv"
	"strings"
	"testing"

	"imbridge/ent/admin"
	"imbridge/graph/graphtest"
)

// A super admin's pick of a tenant that names none is refused, on HTTP and
// on a WebSocket, with the header named: without a pick a super admin acts
// across all tenants, so a mistyped or stale id must not quietly become
// that. An operator's header is still ignored (pinned to its own tenant).
func TestAPickOfNoTenantIsRefusedNotWidened(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	root := env.Admin("root", admin.RoleSuperAdmin, 0)

	for _, pick := range []string{"acme", "0", "-4", "99999999", "1x"} {
		c := *root
		c.Tenant = pick
		r := c.Do(`{ corps { totalCount } }`, nil)
		if r.Data != nil && string(r.Data) != "null" {
			t.Errorf("pick %q answered: %s", pick, r.Data)
		}
		if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "X-Imbridge-Tenant" ||
			!strings.Contains(r.Errors[0].Message, strconv.Quote(pick)) {
			t.Errorf("pick %q: want BAD_USER_INPUT naming X-Imbridge-Tenant and the value, got %+v", pick, r.Errors)
		}
		if s, err := c.Subscribe(`subscription { syncRunProgress(id: "1") { id } }`, nil); err == nil {
			s.Close()
			t.Errorf("pick %q: WebSocket accepted", pick)
		} else if !strings.Contains(err.Error(), "4400") {
			t.Errorf("pick %q: WebSocket closed with %v, want 4400", pick, err)
		}
	}

	// A real pick works; deleting the tenant turns the same pick into the refusal.
	c := *root
	c.Tenant = strconv.Itoa(tn.ID)
	c.MustDo(`{ corps { totalCount } }`, nil, nil)
	var made struct{ CreateTenant struct{ ID string } }
	root.MustDo(`mutation { createTenant(input: {name: "Globex", slug: "globex"}) { id } }`, nil, &made)
	c.Tenant = made.CreateTenant.ID
	c.MustDo(`{ corps { totalCount } }`, nil, nil)
	root.MustDo(`mutation($id: ID!) { deleteTenant(id: $id) { deletedID } }`, map[string]any{"id": made.CreateTenant.ID}, nil)
	if code, _ := c.ErrCode(`{ corps { totalCount } }`, nil); code != "BAD_USER_INPUT" {
		t.Errorf("pick of a deleted tenant: %s, want BAD_USER_INPUT", code)
	}

	// An operator's header is not a pick: it stays in its own tenant.
	op := *adm
	op.Tenant = "not-a-tenant"
	op.MustDo(`{ corps { totalCount } }`, nil, nil)
}
