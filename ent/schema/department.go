package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Department is a node of a directory tree, on the OA side or mirrored from
// a Corp's IM directory.
type Department struct{ ent.Schema }

// Mixin of the Department.
func (Department) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the Department.
func (Department) Fields() []ent.Field {
	fields := sideFields(
		"Identifier in the source: the OA department code, or Feishu's department_id.",
		"Feishu's open_department_id (od-…), for IM-side rows.",
	)
	return append(fields,
		field.String("name").
			NotEmpty().MaxRuneLen(maxNameChars).
			Comment("Department name.").
			Annotations(entgql.OrderField("NAME")),
		field.Int("parent_id").
			Optional().Nillable().
			Comment("The parent department; empty for a top-level department.").
			Annotations(entgql.Type("ID")),
		field.Int("order").
			Default(0).
			Comment("Sort position among siblings, as given by the source.").
			Annotations(entgql.OrderField("ORDER")),
	)
}

// Edges of the Department.
func (Department) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("corp", Corp.Type).Comment("The corp whose IM directory this department mirrors; empty on the OA side.").Field("corp_id").Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		edge.To("children", Department.Type).
			Comment("The sub-departments.").
			Annotations(entgql.RelayConnection()),
		edge.From("parent", Department.Type).Ref("children").
			Comment("The parent department; empty at the top level.").
			Field("parent_id").Unique(),
		edge.From("memberships", Membership.Type).Ref("department").
			Comment("The users placed in this department.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the Department.
func (Department) Indexes() []ent.Index {
	return append(sideIndexes("department"), index.Fields("parent_id"))
}

// Annotations of the Department.
func (Department) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A department of the OA directory (corpID empty) or of a corp's mirrored IM directory."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
