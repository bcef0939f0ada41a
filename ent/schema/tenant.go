package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Tenant is one customer organisation (团队/租户). Everything else hangs off it.
type Tenant struct{ ent.Schema }

// Mixin of the Tenant.
func (Tenant) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Tenant.
func (Tenant) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			NotEmpty().MaxLen(100).
			Comment("Display name of the organisation.").
			Annotations(entgql.OrderField("NAME")),
		field.String("slug").
			NotEmpty().MaxLen(50).Unique().
			Match(slugPattern).
			Comment("Short unique identifier: lower-case letters, digits and dashes.").
			Annotations(entgql.OrderField("SLUG")),
	}
}

// Annotations of the Tenant.
func (Tenant) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One customer organisation (团队/租户); every other object belongs to one."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
