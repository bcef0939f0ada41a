package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// PushTarget is one destination of a PushRule (推送目标): an app of a corp
// and the message type the message takes there (seed 003 §3.1: 文字,
// 图文, 待办, 卡片), with its templates and quick approval (快捷审批).
type PushTarget struct{ ent.Schema }

// Mixin of the PushTarget.
func (PushTarget) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the PushTarget.
func (PushTarget) Fields() []ent.Field {
	return []ent.Field{
		field.Int("rule_id").
			Immutable().
			Comment("The rule the target belongs to.").
			Annotations(entgql.Type("ID")),
		field.Int("app_id").
			Comment("The app that sends (its corp is the IM side the recipients must be bound on).").
			Annotations(entgql.Type("ID")),
		field.Enum("message_type").
			Values("text", "post", "todo", "card", "approval").
			Comment("text: 文字; post: 图文 (rich text with title and link); todo: 待办, a card that turns into 已办 on completeTodo; card: 卡片 with the OA's fields and buttons; approval: the to-do in the IM's approval center (Feishu 审批中心 › 三方审批), one external approval instance per message whose tasks are the recipients, done on completeTodo."),
		field.Bool("quick_approval").
			Default(false).
			Comment("To-dos and approvals only: the card carries 同意 / 拒绝 buttons (the approval center offers them on the task) whose decisions reach the OA as the message.action webhook (快捷审批)."),
		field.String("title_template").
			Optional().MaxRuneLen(500).
			Comment("The title, with variables {{title}}, {{source}}, {{content}}, {{link}}; empty: the message's title."),
		field.String("body_template").
			Optional().MaxRuneLen(5000).
			Comment("The body, with the same variables; empty: the message's content."),
	}
}

// Edges of the PushTarget.
func (PushTarget) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("rule", PushRule.Type).Ref("targets").
			Comment("The rule.").
			Field("rule_id").Unique().Required().Immutable(),
		edge.To("app", App.Type).
			Comment("The app that sends; deleting the app deletes its targets.").
			Field("app_id").Unique().Required().
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Annotations of the PushTarget.
func (PushTarget) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A push target (推送目标): an app, a message type, templates and quick approval."),
	}
}
