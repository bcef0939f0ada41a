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

// LoginSetting is a corp's QR-code login settings (扫码登录 › 设置, seed 003
// §5): whether people may log into the OA by scanning with the IM app, the
// app whose OAuth the login uses, where the OA may receive tickets, and how
// people who are not bound yet may bind at login (seed 003 §4.2.4 (1)).
// Auto-binding at login uses the corp's sync profile's auto_bind_field: the
// seed has one setting shown in two places (§4.2.4 (2): 修改任意一处，也会
// 变更另外一处的设置), so it is stored once (the column this schema once had
// is moved there at start-up, ent/database/loginbind.go). One per corp;
// package graph/sso runs the flow.
type LoginSetting struct{ ent.Schema }

// Mixin of the LoginSetting.
func (LoginSetting) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the LoginSetting.
func (LoginSetting) Fields() []ent.Field {
	return []ent.Field{
		field.Int("corp_id").Immutable().
			Comment("The corp whose people log in.").
			Annotations(entgql.Type("ID")),
		field.Bool("enabled").Default(false).
			Comment("Whether QR-code login is on (开启); it cannot be on without an app."),
		field.Int("app_id").Optional().Nillable().
			Comment("The app whose OAuth the login uses (选择应用); its redirect URL list must contain the bridge's callback.").
			Annotations(entgql.Type("ID")),
		field.Strings("allowed_origins").Optional().
			Comment("The OA origins (scheme://host[:port], no path) that may receive tickets: return_to must have one of them exactly."),
		field.Bool("bind_on_first_login").Default(false).
			Comment("Whether a person who is not bound may bind at login by entering their OA account and password once (seed 003 §4.2.4 (1)); needs a password check endpoint."),
		field.Int("password_check_endpoint_id").Optional().Nillable().
			Comment("The OA webhook endpoint the bridge asks, with a signed login.password_check call, whether an OA account and password are right (docs/qr-login.md).").
			Annotations(entgql.Type("ID")),
		field.Int("ticket_ttl_seconds").Default(60).Min(5).Max(60).
			Comment("How long a login ticket may be redeemed, in seconds (5 to 60)."),
		field.Bool("console_sign_in").Default(false).
			Comment("Whether the console's login page offers signing in with this corp's app to admins whose account is bound to one of its people (the corp's name is then shown on that page)."),
	}
}

// Edges of the LoginSetting.
func (LoginSetting) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("corp", Corp.Type).Comment("The corp whose people log in.").
			Field("corp_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("app", App.Type).Comment("The app whose OAuth the login uses.").
			Field("app_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("password_check_endpoint", WebhookEndpoint.Type).Comment("The OA endpoint that checks passwords for binding at login.").
			Field("password_check_endpoint_id").Unique().
			Annotations(entsql.OnDelete(entsql.SetNull), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the LoginSetting: one per corp.
func (LoginSetting) Indexes() []ent.Index {
	return []ent.Index{index.Fields("corp_id").Unique()}
}

// Annotations of the LoginSetting.
func (LoginSetting) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A corp's QR-code login settings (扫码登录 › 设置)."),
		entgql.QueryField(),
		entgql.RelayConnection(),
	}
}
