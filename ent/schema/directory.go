package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// A directory row (Department, User) lives on one side: the OA directory
// (corp_id empty) or the mirror of one Corp's IM directory. These helpers keep
// the two entities' side columns and uniqueness rules identical.

// sideFields are the columns saying which directory a row belongs to and how
// the source system identifies it.
func sideFields(externalComment, openComment string) []ent.Field {
	return []ent.Field{
		field.Int("corp_id").
			Optional().Nillable().Immutable().
			Comment("The Corp whose IM directory this row mirrors; empty for the OA directory.").
			Annotations(entgql.Type("ID")),
		field.String("external_id").
			NotEmpty().MaxLen(128).
			Comment(externalComment).
			Annotations(entgql.OrderField("EXTERNAL_ID")),
		field.String("open_id").
			Optional().MaxLen(128).
			Comment(openComment),
		field.Int("last_seen_run").
			Optional().
			Comment("The last mirror run that saw the row in the IM directory; rows a finished run did not see have disappeared.").
			Annotations(entgql.Skip()),
		field.Time("removed_at").
			Optional().Nillable().
			Comment("When the row disappeared from its source directory; rows are marked, never hard-deleted, so bindings and history survive.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("out_of_scope_at").
			Optional().Nillable().
			Comment("When the row left the synced scope (moved outside the top department, or out of the app's contact range) while still in the source directory; empty while in scope. Out of scope is not removed: no engine resigns, disables or deletes such a row.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// sideIndexes make external ids unique per side. Two partial indexes are
// needed because NULL corp_id values are distinct in a plain unique index.
func sideIndexes(table string) []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "external_id").Unique().
			Annotations(entsql.IndexWhere("corp_id IS NULL")).StorageKey(table + "_oa_external_id"),
		index.Fields("corp_id", "external_id").Unique().
			Annotations(entsql.IndexWhere("corp_id IS NOT NULL")).StorageKey(table + "_im_external_id"),
	}
}
