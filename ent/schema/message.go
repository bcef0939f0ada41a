package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"imbridge/ent/detail"
)

// Message is one push from the OA (pushMessage, seed 003 §3): what to say,
// to whom, and the to-do it is, with counters of its deliveries. The
// idempotency key is unique per tenant: the same key with the same body
// returns this row, with another body is a conflict (body_hash).
type Message struct{ ent.Schema }

// Mixin of the Message.
func (Message) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the Message.
func (Message) Fields() []ent.Field {
	return []ent.Field{
		field.String("idempotency_key").
			NotEmpty().MaxLen(200).Immutable().
			Comment("The OA's key for this push: the same key and body return the same message."),
		field.String("body_hash").
			NotEmpty().Immutable().
			Comment("SHA-256 of the push's input in canonical form, to tell a repeat from a conflicting reuse of the key.").
			Annotations(entgql.Skip()),
		field.String("source").
			NotEmpty().MaxRuneLen(100).Immutable().
			Comment("The OA message source (消息来源, e.g. 日报, 审批), matched against the rules.").
			Annotations(entgql.OrderField("SOURCE")),
		field.String("title").
			NotEmpty().MaxRuneLen(500).Immutable().
			Comment("The title."),
		field.Text("content").
			Optional().Immutable().
			Comment("The body text."),
		field.String("link").
			Optional().MaxLen(2048).Immutable().
			Comment("The OA page the message opens (a to-do's 处理)."),
		field.JSON("fields", []detail.PushField{}).
			Optional().Immutable().
			Comment("Label/value pairs shown on cards and to-dos."),
		field.JSON("buttons", []detail.PushButton{}).
			Optional().Immutable().
			Comment("The OA's link buttons shown on cards."),
		field.JSON("recipients", detail.PushRecipients{}).
			Immutable().
			Comment("Who the OA named: OA user ids, OA department ids (expanded per rule), or everyone bound.").
			Annotations(entgql.Skip()),
		field.String("todo_key").
			Optional().MaxLen(200).Immutable().
			Comment("The to-do this message is (completeTodo takes it); empty for plain messages."),
		field.Enum("todo_state").
			Values("none", "pending", "done").
			Default("none").
			Comment("none: not a to-do; pending: 待办; done: 已办 (completeTodo was called)."),
		field.String("todo_outcome").
			Optional().MaxRuneLen(100).
			Comment("What a done to-do shows (e.g. 已同意)."),
		field.Time("completed_at").
			Optional().Nillable().
			Comment("When completeTodo was called."),
		field.Enum("status").
			Values("queued", "delivering", "delivered", "delivered_with_errors", "recalled", "no_matching_rule", "no_recipients").
			Default("queued").
			Comment("queued: accepted, not started; delivering: the job is sending; delivered: every delivery ended sent or skipped; delivered_with_errors: some failed or are dead; recalled: recallMessage was called; no_matching_rule: no enabled rule matches its source (nor an all-sources rule), nothing planned; no_recipients: rules matched but the recipients resolved to nobody (unknown departments, nobody bound), nothing planned. statusReason says why.").
			Annotations(entgql.OrderField("STATUS")),
		field.String("status_reason").
			Optional().MaxLen(500).
			Comment("Why a message ended without deliveries (no_matching_rule, no_recipients): the source, the unknown department ids."),
		field.Int("total").Default(0).Comment("Deliveries planned (recipients × targets, each once)."),
		field.Int("sent").Default(0).Comment("Deliveries sent."),
		field.Int("skipped").Default(0).Comment("Deliveries skipped (unbound, resigned, outside the app's availability)."),
		field.Int("failed").Default(0).Comment("Deliveries refused by the platform, or dead after their attempts."),
		field.String("created_by").
			Optional().MaxLen(200).Immutable().
			Comment("Who pushed (token or admin)."),
		field.Time("recalled_at").
			Optional().Nillable().
			Comment("When the message was recalled."),
	}
}

// Edges of the Message.
func (Message) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("deliveries", Delivery.Type).
			Comment("The per-recipient deliveries.").
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.RelayConnection()),
	}
}

// Indexes of the Message.
func (Message) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "idempotency_key").Unique(),
		index.Fields("tenant_id", "todo_key"),
		index.Fields("tenant_id", "created_at"),
	}
}

// Annotations of the Message.
func (Message) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A message the OA pushed (pushMessage) and how its deliveries went."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
