package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
)

// TenantMixin makes an entity tenant-scoped: an immutable tenant_id with its
// edge. The privacy policy (policy.go) adds the viewer's tenant predicate to
// every query and mutation of such entities, so isolation does not depend on
// resolvers remembering to filter.
type TenantMixin struct {
	mixin.Schema
	// Optional allows rows without a tenant (super admins, platform-wide audit events).
	Optional bool
	// Filterable offers tenantID in the GraphQL where input: for lists a
	// super admin reads across tenants (the Admins page's tenant filter).
	// The privacy rules still decide which rows a viewer reads.
	Filterable bool
}

// Fields of the TenantMixin.
func (m TenantMixin) Fields() []ent.Field {
	skip := entgql.SkipMutationCreateInput | entgql.SkipMutationUpdateInput
	if !m.Filterable {
		skip |= entgql.SkipWhereInput
	}
	f := field.Int("tenant_id").
		Immutable().
		Comment("The tenant that owns the row.").
		Annotations(entgql.Type("ID"), entgql.Skip(skip))
	if m.Optional {
		f = f.Optional()
	}
	return []ent.Field{f}
}

// Edges of the TenantMixin.
func (m TenantMixin) Edges() []ent.Edge {
	e := edge.To("tenant", Tenant.Type).
		Comment("The tenant that owns the object.").
		Field("tenant_id").
		Unique().
		Immutable().
		Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput))
	if !m.Optional {
		e = e.Required()
	}
	return []ent.Edge{e}
}

// Indexes of the TenantMixin.
func (TenantMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id")}
}
