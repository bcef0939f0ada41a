package schema

import (
	"entgo.io/ent"

	"imbridge/ent/privacy"
	"imbridge/ent/rule"
)

// tenantPolicy guards every tenant-scoped entity: no anonymous access, reads
// and writes filtered to the viewer's tenant, no writes by read-only viewers,
// no rows created in or pointing into another tenant.
func tenantPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.DenyIfNoViewer(),
			rule.FilterTenant(),
		},
		Mutation: privacy.MutationPolicy{
			rule.DenyIfNoViewer(),
			rule.DenyReadOnly(),
			rule.DenyMismatchedTenant(),
			rule.DenyForeignEdges(),
			rule.FilterTenant(),
		},
	}
}

// Policy of the TenantMixin.
func (TenantMixin) Policy() ent.Policy { return tenantPolicy() }

// Hooks of the TenantMixin.
func (TenantMixin) Hooks() []ent.Hook { return []ent.Hook{rule.SetTenantOnCreate()} }

// Policy of the Tenant: everyone sees their own tenant; only super admins
// (and the bootstrap, through an allow decision context) change tenants.
func (Tenant) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.DenyIfNoViewer(),
			rule.FilterOwnTenant(),
		},
		Mutation: privacy.MutationPolicy{
			rule.AllowSuperAdmin(),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the Admin, on top of the tenant policy of its mixin.
func (Admin) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.DenyRoleEscalation()},
	}
}

// Policy of the AuditEvent, on top of the tenant policy of its mixin.
func (AuditEvent) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.DenyAuditChanges()},
	}
}
