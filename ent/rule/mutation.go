package rule

import (
	"context"

	"entgo.io/ent"

	entgen "imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
)

// tenantMutation is implemented by the generated mutations of tenant-scoped entities.
type tenantMutation interface {
	TenantID() (int, bool)
}

// DenyReadOnly refuses writes by viewers who hold no write permission at all
// (viewer role, read-only tokens). Finer permission checks are made per
// operation in the GraphQL schema; this is the data layer's backstop.
func DenyReadOnly() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, _ ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("no viewer in context")
		}
		if v.Kind == viewer.KindSystem || v.IsSuperAdmin() {
			return privacy.Skip
		}
		for _, s := range v.Scopes {
			if s != viewer.ScopeRead {
				return privacy.Skip
			}
		}
		return privacy.Denyf("%s may only read", v.Actor())
	})
}

// DenyMismatchedTenant refuses to create a row in a tenant other than the
// viewer's. (The tenant hook fills the tenant in when it is not given.)
func DenyMismatchedTenant() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		v := viewer.FromContext(ctx)
		tm, ok := m.(tenantMutation)
		if v == nil || !ok {
			return privacy.Denyf("cannot check the tenant of %s", m.Type())
		}
		tid, set := tm.TenantID()
		if !set {
			// The tenant hook, which runs after the policy, fills it from the viewer.
			if v.TenantID != 0 || allowsNoTenant(m) {
				return privacy.Skip
			}
			return privacy.Denyf("no tenant selected for the new %s", m.Type())
		}
		if v.TenantID != 0 && tid != v.TenantID {
			return privacy.Denyf("%s may not write to tenant %d", v.Actor(), tid)
		}
		return privacy.Skip
	})
}

// allowsNoTenant lists the entities whose rows may exist outside any tenant.
func allowsNoTenant(m ent.Mutation) bool {
	return m.Type() == entgen.TypeAdmin || m.Type() == entgen.TypeAuditEvent
}

// DenyForeignEdges refuses mutations that point an edge at a row the viewer
// cannot see, i.e. a row of another tenant: an App on a foreign Corp, a
// Binding to a foreign User, a Department under a foreign parent. Rows are
// looked up through the privacy-filtered client. System jobs are skipped:
// they build edges only from rows they read through the same filter, and
// checking each edge of a 100k-user import one by one would dominate its cost.
func DenyForeignEdges() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("no viewer in context")
		}
		if v.Kind == viewer.KindSystem {
			return privacy.Skip
		}
		cm, ok := m.(interface{ Client() *entgen.Client })
		if !ok {
			return privacy.Denyf("cannot check the edges of %s", m.Type())
		}
		client := cm.Client()
		for _, name := range m.AddedEdges() {
			if name == "tenant" {
				continue
			}
			for _, id := range m.AddedIDs(name) {
				iid, ok := id.(int)
				if !ok {
					return privacy.Denyf("unexpected id type %T on edge %s", id, name)
				}
				if _, err := client.Noder(ctx, iid); err != nil {
					return privacy.Denyf("%s %s: referenced object %d not found", m.Type(), name, iid)
				}
			}
		}
		return privacy.Skip
	})
}

// DenyAuditChanges keeps the audit log append-only.
func DenyAuditChanges() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(_ context.Context, m ent.Mutation) error {
		if m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		return privacy.Denyf("audit events cannot be changed")
	})
}

// DenyRoleEscalation stops anyone but a super admin from creating or
// promoting a super admin.
func DenyRoleEscalation() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		rm, ok := m.(interface{ Role() (admin.Role, bool) })
		if !ok {
			return privacy.Skip
		}
		if r, set := rm.Role(); set && r == admin.RoleSuperAdmin && !viewer.FromContext(ctx).IsSuperAdmin() {
			return privacy.Denyf("only a super admin may grant the super_admin role")
		}
		return privacy.Skip
	})
}

// AllowSuperAdmin allows everything to super admins.
func AllowSuperAdmin() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).IsSuperAdmin() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}
