package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"imbridge/ent/detail"
)

// App is an application of a Corp on the IM platform (应用集成): the
// credentials the bridge calls the platform with and receives events for.
// Secrets are sealed with AES-256-GCM and never returned; GraphQL exposes
// only whether each is set and a short hint.
type App struct{ ent.Schema }

// Mixin of the App.
func (App) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the App.
func (App) Fields() []ent.Field {
	return []ent.Field{
		field.Int("corp_id").
			Immutable().
			Comment("The enterprise this app belongs to.").
			Annotations(entgql.Type("ID")),
		field.String("name").
			NotEmpty().MaxLen(100).
			Comment("Application name.").
			Annotations(entgql.OrderField("NAME")),
		field.String("app_id").
			NotEmpty().MaxLen(128).
			Comment("The platform's app id (Feishu App ID, WeCom AgentId).").
			Annotations(entgql.OrderField("APP_ID")),
		sealedField("app_secret"),
		hintField("app_secret"),
		sealedField("encrypt_key"),
		hintField("encrypt_key"),
		sealedField("verification_token"),
		hintField("verification_token"),
		field.String("secrets_base_url").
			Optional().
			Comment("The corp's API base URL (normalized, default filled in) the secrets were entered for. A secret is sent to that URL only: changing the corp's URL or the app id clears the secrets, and a mismatch refuses to use them.").
			Annotations(entgql.Skip()),
		field.Enum("homepage_mode").
			Values("module", "custom").
			Default("module").
			Comment("How the app's homepage is chosen: a bridge module or a custom URL."),
		field.String("homepage_module").
			Optional().MaxLen(64).
			Comment("The module opened as the homepage when homepage_mode is module (default: the OA home)."),
		field.String("homepage_url").
			Optional().MaxLen(2048).
			Comment("The custom homepage URL when homepage_mode is custom."),
		field.JSON("verification", []detail.Capability{}).
			Optional().
			Comment("The capabilities found by the last verification (verifyApp)."),
		field.Time("verified_at").
			Optional().Nillable().
			Comment("When the app was last verified.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// sealedField is a write-only secret column (AES-256-GCM sealed).
func sealedField(name string) ent.Field {
	return field.Bytes(name + "_sealed").
		Optional().Sensitive().
		Comment("Sealed " + name + "; never returned.").
		Annotations(entgql.Skip())
}

// hintField is the short, non-secret hint shown for a sealed field.
func hintField(name string) ent.Field {
	return field.String(name + "_hint").
		Optional().
		Comment("A short hint of the " + name + " (its last characters), empty when not set.").
		Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput))
}

// Edges of the App.
func (App) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("corp", Corp.Type).
			Comment("The corp the app belongs to.").
			Field("corp_id").Unique().Required().Immutable(),
	}
}

// Indexes of the App.
func (App) Indexes() []ent.Index {
	return []ent.Index{index.Fields("corp_id", "app_id").Unique()}
}

// Annotations of the App.
func (App) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An application of a corp on the IM platform (应用集成); its secrets are write-only."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
