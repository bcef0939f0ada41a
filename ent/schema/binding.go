package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Binding links an OA user to an IM user of one Corp (绑定), or an OA
// department to an IM department. Push, login and sync all resolve people
// through bindings.
type Binding struct{ ent.Schema }

// Mixin of the Binding.
func (Binding) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the Binding.
func (Binding) Fields() []ent.Field {
	return []ent.Field{
		field.Int("corp_id").Immutable().Comment("The Corp of the IM side.").Annotations(entgql.Type("ID")),
		field.Enum("kind").Values("user", "department").Default("user").Immutable().
			Comment("Whether users or departments are bound."),
		field.Int("oa_user_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")).Comment("The OA user (kind user)."),
		field.Int("im_user_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")).Comment("The IM user (kind user)."),
		field.Int("oa_department_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")).Comment("The OA department (kind department)."),
		field.Int("im_department_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")).Comment("The IM department (kind department)."),
		field.Enum("method").Values("manual", "auto", "import", "login", "created").
			Comment("How the binding was made: by an admin, by the auto-bind field, from an uploaded file, at login, or because the bridge created the IM user.").
			Annotations(entgql.OrderField("METHOD")),
		field.String("created_by").Optional().MaxLen(200).
			Comment("Who made the binding (an admin, a token or a job)."),
	}
}

// Edges of the Binding.
func (Binding) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("corp", Corp.Type).Comment("The corp of the IM side.").Field("corp_id").Unique().Required().Immutable(),
		edge.To("oa_user", User.Type).Comment("The OA user (kind user).").Field("oa_user_id").Unique().Immutable(),
		edge.To("im_user", User.Type).Comment("The IM user (kind user).").Field("im_user_id").Unique().Immutable(),
		edge.To("oa_department", Department.Type).Comment("The OA department (kind department).").Field("oa_department_id").Unique().Immutable(),
		edge.To("im_department", Department.Type).Comment("The IM department (kind department).").Field("im_department_id").Unique().Immutable(),
	}
}

// Indexes of the Binding: an IM user or department is bound at most once, and
// an OA user or department at most once per Corp.
func (Binding) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("im_user_id").Unique(),
		index.Fields("corp_id", "oa_user_id").Unique(),
		index.Fields("im_department_id").Unique(),
		index.Fields("corp_id", "oa_department_id").Unique(),
	}
}

// Annotations of the Binding.
func (Binding) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A link between an OA user and an IM user of a corp (绑定), or between departments."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
