package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Membership places a user in a department: one primary department (主部门)
// and any number of part-time ones (兼职部门).
type Membership struct{ ent.Schema }

// Mixin of the Membership.
func (Membership) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}}
}

// Fields of the Membership.
func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Comment("The member.").Annotations(entgql.Type("ID")),
		field.Int("department_id").Comment("The department.").Annotations(entgql.Type("ID")),
		field.Bool("primary").Default(false).Comment("Whether this is the user's primary department."),
		field.Int("order").Default(0).Comment("The user's sort position inside the department."),
	}
}

// Edges of the Membership.
func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Comment("The member.").Field("user_id").Unique().Required(),
		edge.To("department", Department.Type).Comment("The department.").Field("department_id").Unique().Required(),
	}
}

// Indexes of the Membership.
func (Membership) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("user_id", "department_id").Unique(),
		index.Fields("department_id"),
	}
}

// Annotations of the Membership.
func (Membership) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A user's place in a department: primary (主部门) or part-time (兼职)."),
		entgql.QueryField(),
		entgql.RelayConnection(),
	}
}
