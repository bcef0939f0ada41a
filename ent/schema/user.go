package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// User is a person in a directory, on the OA side or mirrored from a Corp's
// IM directory. Department memberships (primary and part-time) are rows of
// Membership.
type User struct{ ent.Schema }

// Mixin of the User.
func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the User.
func (User) Fields() []ent.Field {
	fields := sideFields(
		"Identifier in the source: the OA user id, or Feishu's user_id.",
		"Feishu's open_id (per app), for IM-side rows.",
	)
	return append(fields,
		field.String("union_id").
			Optional().MaxLen(128).
			Comment("Feishu's union_id (per developer), for IM-side rows."),
		field.String("name").
			NotEmpty().MaxRuneLen(maxNameChars).
			Comment("Full name.").
			Annotations(entgql.OrderField("NAME")),
		field.String("mobile").
			Optional().MaxLen(32).
			Comment("Mobile number in E.164 form (\"+8613800138000\"); a value a platform holds that is no valid number is kept as it is."),
		field.String("email").
			Optional().MaxLen(255).
			Comment("E-mail address, the domain lower-cased; compared case-insensitively."),
		field.String("employee_no").
			Optional().MaxRuneLen(maxEmployeeNoChars).
			Comment("Employee number (工号).").
			Annotations(entgql.OrderField("EMPLOYEE_NO")),
		field.String("title").
			Optional().MaxRuneLen(maxNameChars).
			Comment("Job title."),
		field.Enum("gender").
			Values("unknown", "male", "female", "other").
			Optional().Nillable().
			Comment("Gender as the platform-neutral platform.Gender (Feishu user.gender 0 保密, 1 男, 2 女, 3 其他); empty when the source does not say.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		field.JSON("attributes", map[string]string{}).
			Optional().
			Comment("Custom attributes by name (Feishu custom_attrs by attribute id, their text; OA extra fields): what a field mapping calls attribute:<name>.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("status").
			Values("active", "disabled", "resigned").
			Default("active").
			Comment("active: working; disabled: suspended but still listed; resigned: left the organisation.").
			Annotations(entgql.OrderField("STATUS")),
		field.Time("status_changed_at").
			Optional().Nillable().
			Comment("When the status last changed (the disable date the offboarding policy counts from).").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	)
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("corp", Corp.Type).Comment("The corp whose IM directory this user mirrors; empty on the OA side.").Field("corp_id").Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		edge.From("memberships", Membership.Type).Ref("user").
			Comment("The departments of the user, primary and part-time.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("oa_bindings", Binding.Type).Ref("oa_user").
			Comment("Bindings of this OA user to IM users.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("im_bindings", Binding.Type).Ref("im_user").
			Comment("Bindings of this IM user to OA users.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Hooks of the User.
func (User) Hooks() []ent.Hook {
	return []ent.Hook{canonicalIdentifiers()}
}

// Indexes of the User. Mobile and e-mail are looked up, not unique: two OA
// people who are not resigned may not share one, but the OA import enforces
// that (with the rows named), and a unique index would stop an upgrade on a
// database already holding such rows; a mirror may hold stale duplicates
// until the next pull, which reports them (worker/mirror).
func (User) Indexes() []ent.Index {
	return append(sideIndexes("user"),
		index.Fields("tenant_id", "mobile"),
		index.Fields("tenant_id", "email"),
		// The Directory table's order (name, then id as the cursor's
		// tie-break), per side: its pages read 20 rows of the index instead
		// of sorting the side's 100,000 (issue 7). removed_at, last, lets
		// the table's count of current people read the index alone.
		index.Fields("tenant_id", "name", "id", "removed_at").
			Annotations(entsql.IndexWhere("corp_id IS NULL")).StorageKey("user_oa_name"),
		index.Fields("corp_id", "name", "id", "removed_at").
			Annotations(entsql.IndexWhere("corp_id IS NOT NULL")).StorageKey("user_im_name"),
	)
}

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person of the OA directory (corpID empty) or of a corp's mirrored IM directory."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
