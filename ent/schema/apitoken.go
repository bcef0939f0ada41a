package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// APIToken authenticates an OA system or a tool calling the GraphQL API.
// Only a SHA-256 hash is stored; the plaintext is shown once at creation.
type APIToken struct{ ent.Schema }

// Mixin of the APIToken.
func (APIToken) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the APIToken.
func (APIToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			NotEmpty().MaxLen(100).
			Comment("What the token is for, e.g. the OA system's name.").
			Annotations(entgql.OrderField("NAME")),
		field.String("token_hash").
			Unique().Sensitive().
			Comment("SHA-256 of the token; tokens are random 256-bit values, so a fast hash is safe.").
			Annotations(entgql.Skip()),
		field.String("prefix").
			Comment("The first characters of the token, to recognise it in lists and logs.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Strings("scopes").
			Comment("Permissions granted: read, directory:write, sync:write, push:write, login:redeem, broadcast:write, integration:write."),
		field.Time("expires_at").
			Optional().Nillable().
			Comment("After this time the token is refused; empty means it does not expire.").
			Annotations(entgql.OrderField("EXPIRES_AT")),
		field.Time("last_used_at").
			Optional().Nillable().
			Comment("When the token last authenticated a request (updated at most once a minute).").
			Annotations(entgql.OrderField("LAST_USED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("created_by_id").
			Optional().
			Comment("The admin who created the token.").
			Annotations(entgql.Type("ID"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Annotations of the APIToken.
func (APIToken) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A token with which an OA system or tool calls the API; only its prefix is shown."),
		entgql.QueryField("apiTokens"),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
