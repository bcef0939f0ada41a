package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ReviewItem is something a sync run's plan did not do and a person must
// decide (package worker/orgsync/plan's ReviewItem): above all an ambiguous
// match, where several accounts share the auto-bind value and nothing is
// guessed (issue 8 item 3). Resolving an ambiguous item binds the OA user
// to the chosen IM account.
type ReviewItem struct{ ent.Schema }

// Mixin of the ReviewItem.
func (ReviewItem) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the ReviewItem.
func (ReviewItem) Fields() []ent.Field {
	return []ent.Field{
		field.Int("run_id").Immutable().Comment("The run whose plan listed the item.").Annotations(entgql.Type("ID")),
		field.Int("corp_id").Immutable().Comment("The corp of the run.").Annotations(entgql.Type("ID")),
		field.Enum("kind").Values("ambiguous", "unmatched", "department_unresolved", "duplicate_department", "user_id_empty",
			"user_id_taken", "target_out_of_scope", "bound_target_missing", "source_missing", "department_not_empty",
			"binding_ignored", "changed_since", "outside_contact_range").Immutable().
			Comment("Why the item needs a person: ambiguous (several candidates), unmatched (no account and none created), …").
			Annotations(entgql.OrderField("KIND")),
		field.String("source").Optional().Immutable().MaxLen(300).Comment("The source-side key."),
		field.String("target").Optional().Immutable().MaxLen(300).Comment("The target-side key."),
		field.String("name").Immutable().MaxRuneLen(300).Comment("The user's or department's name."),
		field.String("match_field").Optional().Immutable().MaxLen(140).Comment("The auto-bind field of an ambiguous match."),
		field.String("value").Optional().Immutable().MaxRuneLen(300).Comment("The value the candidates share."),
		field.Strings("candidates").Optional().Immutable().Comment("The IM user ids an ambiguous OA user could be bound to."),
		field.String("text").Immutable().MaxRuneLen(2000).Comment("What the item is about, in words."),
		field.Enum("status").Values("open", "resolved", "dismissed").Default("open").
			Comment("open until a person resolves (binds a candidate) or dismisses it.").
			Annotations(entgql.OrderField("STATUS")),
		field.String("resolution").Optional().MaxLen(300).Comment("The candidate chosen when resolved."),
		field.String("resolved_by").Optional().MaxLen(200).Comment("Who resolved or dismissed the item."),
		field.Time("resolved_at").Optional().Nillable().Comment("When."),
	}
}

// Edges of the ReviewItem.
func (ReviewItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("run", SyncRun.Type).Ref("review_items").Comment("The run whose plan listed the item.").
			Field("run_id").Unique().Required().Immutable(),
	}
}

// Indexes of the ReviewItem.
func (ReviewItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "status", "kind")}
}

// Annotations of the ReviewItem.
func (ReviewItem) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Something a sync plan left to a person, e.g. an ambiguous match (several candidates, never guessed)."),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
