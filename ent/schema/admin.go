package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Admin is a console account. Super admins have no tenant and see every
// tenant; the other roles act inside one tenant.
type Admin struct{ ent.Schema }

// Mixin of the Admin.
func (Admin) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{Optional: true, Filterable: true}}
}

// Fields of the Admin.
func (Admin) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").
			Unique().Match(usernamePattern).
			Comment("Login name, unique across the installation.").
			Annotations(entgql.OrderField("USERNAME")),
		field.String("display_name").
			Optional().MaxLen(100).
			Comment("Name shown in the console and the audit log."),
		field.String("password_hash").
			Sensitive().
			Comment("argon2id hash of the password; never leaves the server.").
			Annotations(entgql.Skip()),
		field.Enum("role").
			Values("super_admin", "tenant_admin", "operator", "viewer").
			Comment("What the account may do: super_admin manages every tenant; tenant_admin everything in its tenant; operator runs directory, sync, push and broadcast work; viewer reads.").
			Annotations(entgql.OrderField("ROLE")),
		field.Bool("disabled").
			Default(false).
			Comment("A disabled account cannot log in and its sessions stop working."),
		// The admin's own IM account, for console sign-in by scanning: a
		// person of one corp, Feishu or WeCom. The columns keep the names
		// they had when only Feishu could hold the link (StorageKey): no
		// data moves, and an older binary reads the same columns.
		field.Int("im_corp_id").
			StorageKey("feishu_corp_id").
			Optional().Nillable().
			Comment("The corp (Feishu or WeCom) of the person the admin linked their account to (from their user menu), for signing into the console by scanning; empty when not linked.").
			Annotations(entgql.Type("ID"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		field.String("im_user_id").
			StorageKey("feishu_user_id").
			Optional().MaxLen(128).
			Comment("The linked person's user id in that corp: Feishu's user_id (empty when the app may not read it) or WeCom's userid.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		field.String("im_union_id").
			StorageKey("feishu_union_id").
			Optional().MaxLen(128).
			Comment("Feishu's union_id of the linked person; empty on WeCom, which has none.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		field.String("im_name").
			StorageKey("feishu_name").
			Optional().MaxLen(100).
			Comment("The linked person's name, as the platform gave it when linking.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		field.Time("last_login_at").
			Optional().Nillable().
			Comment("When the account last logged in.").
			Annotations(entgql.OrderField("LAST_LOGIN_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Annotations of the Admin.
func (Admin) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A console account with a role; super admins belong to no tenant."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
