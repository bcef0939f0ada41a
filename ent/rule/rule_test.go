package rule_test

import (
	"context"
	"errors"
	"testing"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/audit"
	"imbridge/ent/auditevent"
	"imbridge/ent/corp"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/privacy"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
)

// These tests reach the data layer's rules directly through ent, with a
// viewer in the context and no GraphQL in front: they are the backstop when a
// resolver or a job forgets a check, so each must hold on its own.

type world struct {
	db   *ent.Client
	a, b *ent.Tenant
	bCtx context.Context // tenant B's system
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := dbtest.Open(t).Client
	a, _ := dbtest.Tenant(t, db, "a")
	b, bCtx := dbtest.Tenant(t, db, "b")
	return &world{db: db, a: a, b: b, bCtx: bCtx}
}

func as(v *viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }

func token(tenant int, scopes ...viewer.Scope) context.Context {
	return as(&viewer.Viewer{Kind: viewer.KindToken, ID: 1, Name: "tok", TenantID: tenant, Scopes: scopes})
}

func adminOf(tenant int, role viewer.Role) context.Context {
	return as(&viewer.Viewer{Kind: viewer.KindAdmin, ID: 1, Name: string(role), Role: role, TenantID: tenant, Scopes: viewer.RoleScopes(role)})
}

func mustDeny(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, privacy.Deny) {
		t.Errorf("%s: want a privacy denial, got %v", what, err)
	}
}

func mustAllow(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// corpCount counts corps of every tenant, past every rule.
func (w *world) corpCount(t *testing.T) int {
	t.Helper()
	return w.db.Corp.Query().CountX(dbtest.Bootstrap())
}

// TestDenyReadOnly: a viewer without any write permission (a read-only
// token, a viewer admin, a token without scopes) cannot create, update or
// delete anything, whatever a resolver lets through.
func TestDenyReadOnly(t *testing.T) {
	w := newWorld(t)
	own := w.db.Corp.Create().SetName("own").SetPlatform(corp.PlatformFeishu).SetTenantID(w.a.ID).SaveX(dbtest.Bootstrap())
	readOnly := map[string]context.Context{
		"read token":   token(w.a.ID, viewer.ScopeRead),
		"scopeless":    token(w.a.ID),
		"viewer admin": adminOf(w.a.ID, viewer.RoleViewer),
	}
	for name, ctx := range readOnly {
		before := w.corpCount(t)
		_, err := w.db.Corp.Create().SetName("x").SetPlatform(corp.PlatformFeishu).Save(ctx)
		mustDeny(t, name+": create", err)
		mustDeny(t, name+": update", w.db.Corp.UpdateOneID(own.ID).SetName("renamed").Exec(ctx))
		mustDeny(t, name+": bulk update", w.db.Corp.Update().SetName("renamed").Exec(ctx))
		mustDeny(t, name+": delete", w.db.Corp.DeleteOneID(own.ID).Exec(ctx))
		if n := w.corpCount(t); n != before {
			t.Errorf("%s: corps %d → %d", name, before, n)
		}
		// Reading is what it may do.
		if n, err := w.db.Corp.Query().Count(ctx); err != nil || n != 1 {
			t.Errorf("%s: reads %d corps (%v), want its 1", name, n, err)
		}
	}
	if got := w.db.Corp.GetX(dbtest.Bootstrap(), own.ID); got.Name != "own" {
		t.Errorf("a read-only viewer renamed the corp: %q", got.Name)
	}
	// Positive control: any write permission gets past this rule (finer
	// checks are the schema's).
	for name, ctx := range map[string]context.Context{
		"directory:write token": token(w.a.ID, viewer.ScopeRead, viewer.ScopeDirectoryWrite),
		"operator":              adminOf(w.a.ID, viewer.RoleOperator),
		"system":                viewer.System(context.Background(), "job", w.a.ID),
	} {
		_, err := w.db.Corp.Create().SetName(name).SetPlatform(corp.PlatformFeishu).Save(ctx)
		mustAllow(t, name+": create", err)
	}
}

// TestDenyMismatchedTenant: nobody acting in one tenant creates a row in
// another by naming its tenant id, not a token, an admin, a super admin who
// picked a tenant, nor a job.
func TestDenyMismatchedTenant(t *testing.T) {
	w := newWorld(t)
	inA := map[string]context.Context{
		"token":               token(w.a.ID, viewer.TokenScopes...),
		"tenant admin":        adminOf(w.a.ID, viewer.RoleTenantAdmin),
		"super admin acting":  adminOf(w.a.ID, viewer.RoleSuperAdmin),
		"system (job) of A":   viewer.System(context.Background(), "job", w.a.ID),
		"operator without id": as(&viewer.Viewer{Kind: viewer.KindAdmin, Role: viewer.RoleOperator, TenantID: w.a.ID, Scopes: viewer.RoleScopes(viewer.RoleOperator)}),
	}
	for name, ctx := range inA {
		before := w.db.Corp.Query().Where(corp.TenantID(w.b.ID)).CountX(dbtest.Bootstrap())
		_, err := w.db.Corp.Create().SetName("planted").SetPlatform(corp.PlatformFeishu).SetTenantID(w.b.ID).Save(ctx)
		mustDeny(t, name+": corp in B", err)
		_, err = w.db.Corp.CreateBulk(w.db.Corp.Create().SetName("planted").SetPlatform(corp.PlatformFeishu).SetTenantID(w.b.ID)).Save(ctx)
		mustDeny(t, name+": bulk corp in B", err)
		if n := w.db.Corp.Query().Where(corp.TenantID(w.b.ID)).CountX(dbtest.Bootstrap()); n != before {
			t.Errorf("%s: B's corps %d → %d", name, before, n)
		}
		// Its own tenant, named or implied, is fine.
		c, err := w.db.Corp.Create().SetName("own").SetPlatform(corp.PlatformFeishu).SetTenantID(w.a.ID).Save(ctx)
		mustAllow(t, name+": corp in A", err)
		c2, err := w.db.Corp.Create().SetName("implied").SetPlatform(corp.PlatformFeishu).Save(ctx)
		mustAllow(t, name+": corp in the viewer's tenant", err)
		if c != nil && c2 != nil && (c.TenantID != w.a.ID || c2.TenantID != w.a.ID) {
			t.Errorf("%s: rows landed in tenants %d, %d, want A %d", name, c.TenantID, c2.TenantID, w.a.ID)
		}
	}
	// A viewer with no tenant who is not a super admin creates nothing.
	_, err := w.db.Corp.Create().SetName("nowhere").SetPlatform(corp.PlatformFeishu).Save(token(0, viewer.TokenScopes...))
	mustDeny(t, "token without a tenant", err)
	// A super admin who picked no tenant may create an admin outside any.
	_, err = w.db.Admin.Create().SetUsername("root2").SetPasswordHash("x").SetRole(admin.RoleSuperAdmin).Save(adminOf(0, viewer.RoleSuperAdmin))
	mustAllow(t, "super admin creating a super admin", err)
}

// TestDenyAuditChanges: the audit log is append-only for everyone, a job and
// a super admin included.
func TestDenyAuditChanges(t *testing.T) {
	w := newWorld(t)
	sys := viewer.System(context.Background(), "job", w.a.ID)
	if err := audit.Record(sys, w.db, audit.Entry{Action: "test.one", Summary: "kept"}); err != nil {
		t.Fatal(err)
	}
	ev := w.db.AuditEvent.Query().Where(auditevent.Action("test.one")).OnlyX(sys)
	count := func() int { return w.db.AuditEvent.Query().CountX(dbtest.Bootstrap()) }
	before := count()
	for name, ctx := range map[string]context.Context{
		"system":       sys,
		"tenant admin": adminOf(w.a.ID, viewer.RoleTenantAdmin),
		"super admin":  adminOf(0, viewer.RoleSuperAdmin),
		"token":        token(w.a.ID, viewer.TokenScopes...),
	} {
		mustDeny(t, name+": delete one", w.db.AuditEvent.DeleteOneID(ev.ID).Exec(ctx))
		_, err := w.db.AuditEvent.Delete().Exec(ctx)
		mustDeny(t, name+": delete all", err)
		mustDeny(t, name+": update one", w.db.AuditEvent.UpdateOneID(ev.ID).Exec(ctx))
		mustDeny(t, name+": update all", w.db.AuditEvent.Update().Exec(ctx))
	}
	if n := count(); n != before {
		t.Fatalf("audit events %d → %d", before, n)
	}
	// Appending is allowed.
	if err := audit.Record(adminOf(w.a.ID, viewer.RoleTenantAdmin), w.db, audit.Entry{Action: "test.two"}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != before+1 {
		t.Fatalf("audit events %d after a record, want %d", n, before+1)
	}
}

// TestDenyRoleEscalation: only a super admin makes a super admin.
func TestDenyRoleEscalation(t *testing.T) {
	w := newWorld(t)
	ta := adminOf(w.a.ID, viewer.RoleTenantAdmin)
	_, err := w.db.Admin.Create().SetUsername("boss").SetPasswordHash("x").SetRole(admin.RoleSuperAdmin).SetTenantID(w.a.ID).Save(ta)
	mustDeny(t, "tenant admin creating a super admin", err)
	op, err := w.db.Admin.Create().SetUsername("op").SetPasswordHash("x").SetRole(admin.RoleOperator).Save(ta)
	if err != nil {
		t.Fatal(err)
	}
	mustDeny(t, "tenant admin promoting to super admin", w.db.Admin.UpdateOneID(op.ID).SetRole(admin.RoleSuperAdmin).Exec(ta))
	if r := w.db.Admin.GetX(dbtest.Bootstrap(), op.ID).Role; r != admin.RoleOperator {
		t.Fatalf("role is %s", r)
	}
	mustAllow(t, "tenant admin promoting to tenant admin", w.db.Admin.UpdateOneID(op.ID).SetRole(admin.RoleTenantAdmin).Exec(ta))
}

// TestDenyForeignEdges: no edge of a new or changed row points at a row of
// another tenant, even when the caller knows its id.
func TestDenyForeignEdges(t *testing.T) {
	w := newWorld(t)
	bCorp := w.db.Corp.Create().SetName("b").SetPlatform(corp.PlatformFeishu).SaveX(w.bCtx)
	ta := adminOf(w.a.ID, viewer.RoleTenantAdmin)
	aCorp := w.db.Corp.Create().SetName("a").SetPlatform(corp.PlatformFeishu).SaveX(ta)
	_, err := w.db.App.Create().SetCorpID(bCorp.ID).SetName("x").SetAppID("cli_x").Save(ta)
	mustDeny(t, "app on B's corp", err)
	_, err = w.db.App.Create().SetCorpID(aCorp.ID).SetName("x").SetAppID("cli_x").Save(ta)
	mustAllow(t, "app on A's corp", err)
	bDept := w.db.Department.Create().SetExternalID("D1").SetName("b").SaveX(w.bCtx)
	tok := token(w.a.ID, viewer.ScopeDirectoryWrite)
	_, err = w.db.Department.Create().SetExternalID("D2").SetName("a").SetParentID(bDept.ID).Save(tok)
	mustDeny(t, "department under B's", err)
	aDept, err := w.db.Department.Create().SetExternalID("D3").SetName("a").Save(tok)
	if err != nil {
		t.Fatal(err)
	}
	mustDeny(t, "moving a department under B's", w.db.Department.UpdateOneID(aDept.ID).SetParentID(bDept.ID).Exec(tok))
}

// TestNoViewerNoAccess: without a viewer nothing is read or written.
func TestNoViewerNoAccess(t *testing.T) {
	w := newWorld(t)
	w.db.Corp.Create().SetName("b").SetPlatform(corp.PlatformFeishu).SaveX(w.bCtx)
	_, err := w.db.Corp.Query().All(context.Background())
	mustDeny(t, "query", err)
	_, err = w.db.Corp.Create().SetName("x").SetPlatform(corp.PlatformFeishu).SetTenantID(w.b.ID).Save(context.Background())
	mustDeny(t, "create", err)
}

// TestEdgePredicatesStayInTheTenant: a has<Edge>With predicate is a subquery
// the tenant filter does not reach; a row of A pointing at a row of B (which
// a job, exempt from DenyForeignEdges, or a bug could leave) must not let A
// select its rows by B's data.
func TestEdgePredicatesStayInTheTenant(t *testing.T) {
	w := newWorld(t)
	aSys := viewer.System(context.Background(), "job", w.a.ID)
	bDept := w.db.Department.Create().SetExternalID("DB").SetName("secret-b").SaveX(w.bCtx)
	bUser := w.db.User.Create().SetExternalID("UB").SetName("secret-b").SaveX(w.bCtx)
	aDept := w.db.Department.Create().SetExternalID("DA").SetName("a").SaveX(aSys)
	aUser := w.db.User.Create().SetExternalID("UA").SetName("a").SaveX(aSys)
	// Planted: A's department under B's, A's user a member of B's department.
	w.db.Department.UpdateOneID(aDept.ID).SetParentID(bDept.ID).ExecX(aSys)
	w.db.Membership.Create().SetUserID(aUser.ID).SetDepartmentID(bDept.ID).SaveX(aSys)
	// And B's user a member of A's department (the other direction).
	w.db.Membership.Create().SetUserID(bUser.ID).SetDepartmentID(aDept.ID).SaveX(w.bCtx)
	for name, ctx := range map[string]context.Context{
		"tenant admin": adminOf(w.a.ID, viewer.RoleTenantAdmin),
		"system":       aSys,
		"super admin":  adminOf(w.a.ID, viewer.RoleSuperAdmin),
	} {
		for what, n := range map[string]int{
			"departments by parent":        w.db.Department.Query().Where(department.HasParentWith(department.Name("secret-b"))).CountX(ctx),
			"users by membership":          w.db.User.Query().Where(user.HasMembershipsWith(membership.HasDepartmentWith(department.Name("secret-b")))).CountX(ctx),
			"departments by member":        w.db.Department.Query().Where(department.HasMembershipsWith(membership.HasUserWith(user.Name("secret-b")))).CountX(ctx),
			"memberships by department":    w.db.Membership.Query().Where(membership.HasDepartmentWith(department.Name("secret-b"))).CountX(ctx),
			"departments by child (B→A)":   w.db.Department.Query().Where(department.HasChildrenWith(department.ExternalID("DA"))).CountX(adminOf(w.b.ID, viewer.RoleTenantAdmin)),
			"departments by B's member id": w.db.Department.Query().Where(department.HasMembershipsWith(membership.UserID(bUser.ID))).CountX(ctx),
		} {
			if n != 0 {
				t.Errorf("%s: %s: %d rows selected through a cross-tenant edge", name, what, n)
			}
		}
	}
	// Positive control: inside one tenant the same predicates match.
	w.db.Membership.Create().SetUserID(aUser.ID).SetDepartmentID(aDept.ID).SaveX(aSys)
	if n := w.db.User.Query().Where(user.HasMembershipsWith(membership.HasDepartmentWith(department.ExternalID("DA")))).CountX(aSys); n != 1 {
		t.Fatalf("users by their own department: %d, want 1", n)
	}
}
