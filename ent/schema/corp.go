package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Corp is one enterprise on one IM platform (企业集成).
type Corp struct{ ent.Schema }

// Mixin of the Corp.
func (Corp) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the Corp.
func (Corp) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("platform").
			Values("feishu", "wecom", "dingtalk").
			Immutable().
			Comment("The IM platform this enterprise lives on.").
			Annotations(entgql.OrderField("PLATFORM")),
		field.String("name").
			NotEmpty().MaxLen(100).
			Comment("Enterprise name as shown in the console.").
			Annotations(entgql.OrderField("NAME")),
		field.String("api_base_url").
			Optional().
			Comment("Base URL of the platform's open API; empty means the platform default (Feishu https://open.feishu.cn, WeCom https://qyapi.weixin.qq.com, DingTalk https://api.dingtalk.com). Set it for Lark international, private deployments or the simulator. It must be https to a public host, unless the operator lists the host in IMBRIDGE_ALLOW_PRIVATE_PLATFORM_HOSTS. Changing it clears the secrets (and verification) of the corp's apps, which must then be entered again."),
		field.String("corp_id").
			Optional().MaxLen(100).
			Comment("The platform's identifier of the enterprise (Feishu tenant key, WeCom corpid), when known."),
		// Volcano Engine enterprise live (火山引擎企业直播) is the live service
		// inside Feishu (seed 000): one Volcano account per enterprise, so its
		// keys belong to the corp, not to an app. Set through setVolcanoKeys.
		field.String("volcano_base_url").
			Optional().
			Comment("The Volcano livesaas OpenAPI root the keys were entered for; empty means https://livesaas.volcengineapi.com. The keys are sent only there: changing it clears them.").
			Annotations(entgql.Skip()),
		sealedField("volcano_access_key_id"),
		hintField("volcano_access_key_id"),
		sealedField("volcano_secret_access_key"),
		hintField("volcano_secret_access_key"),
		sealedField("volcano_callback_secret"),
		hintField("volcano_callback_secret"),
	}
}

// Edges of the Corp.
func (Corp) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("apps", App.Type).Ref("corp").
			Comment("The apps of this corp.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Annotations of the Corp.
func (Corp) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One enterprise on one IM platform (企业集成)."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
