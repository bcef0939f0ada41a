package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// PushRule maps an OA message source (日报, 审批, 考勤 … or every source)
// to targets (seed 003 §3.1, 消息推送规则). A message matches the enabled
// rules of its source and the enabled rules of every source; the seed
// warns that an "every source" rule also catches approvals and
// attendance, which the console repeats.
type PushRule struct{ ent.Schema }

// Mixin of the PushRule.
func (PushRule) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the PushRule.
func (PushRule) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			NotEmpty().MaxRuneLen(100).
			Comment("The rule's name (规则名称).").
			Annotations(entgql.OrderField("NAME")),
		field.String("source").
			Optional().MaxRuneLen(100).
			Comment("The OA message source the rule takes (消息来源, e.g. 日报); empty: every source (全部), approvals and attendance included."),
		field.Bool("enabled").
			Default(true).
			Comment("A disabled rule matches nothing."),
		field.Bool("include_part_time").
			Default(true).
			Comment("When a message names OA departments: whether their part-time members (兼职) receive it too."),
		field.String("description").
			Optional().MaxRuneLen(500).
			Comment("Notes for admins."),
	}
}

// Edges of the PushRule.
func (PushRule) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("targets", PushTarget.Type).
			Comment("Where the rule's messages go; deleting the rule deletes them.").
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Annotations of the PushRule.
func (PushRule) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A push rule (消息推送规则): an OA message source, or every source, and its targets."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
