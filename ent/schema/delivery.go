package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Delivery is one message to one recipient through one target (app and
// message type). Unique per message, target key and recipient (the OA user id), so a person
// named by several rules, or several times, gets it once per target. The
// row is the record of what was sent beyond the platform's dedup window.
type Delivery struct{ ent.Schema }

// Mixin of the Delivery.
func (Delivery) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the Delivery.
func (Delivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("message_id").
			Immutable().
			Comment("The message.").
			Annotations(entgql.Type("ID")),
		field.Int("app_id").
			Immutable().
			Comment("The app that sends.").
			Annotations(entgql.Type("ID")),
		field.String("target_key").
			NotEmpty().MaxLen(100).Immutable().
			Comment("The app and message type (app:type): one delivery per recipient and key, however many rules name it.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("message_type").
			Values("text", "post", "todo", "card", "approval").
			Immutable().
			Comment("How the message is shown there."),
		field.Bool("quick_approval").
			Default(false).Immutable().
			Comment("Whether the to-do card (or the approval-center task) carries 同意 / 拒绝."),
		field.Int("oa_user_id").
			Optional().Nillable().Immutable().
			Comment("The OA user (row id); empty when the OA named an id the bridge's OA directory does not hold.").
			Annotations(entgql.Type("ID")),
		field.String("recipient").
			NotEmpty().MaxLen(128).Immutable().
			Comment("The OA user's id in the OA."),
		field.String("receive_id_type").
			Optional().MaxLen(20).
			Comment("The platform id type the message is addressed by (Feishu user_id: valid for every app of the corp, unlike open_id)."),
		field.String("receive_id").
			Optional().MaxLen(128).
			Comment("The recipient's platform id."),
		field.Enum("status").
			Values("queued", "sending", "sent", "skipped", "failed", "dead").
			Default("queued").
			Comment("queued: waiting; sending: a batch request is under way (its outcome is unknown if the worker dies); sent; skipped: not sent on purpose (see reason); failed: refused by the platform for good; dead: every attempt failed (replayable).").
			Annotations(entgql.OrderField("STATUS")),
		field.String("reason").
			Optional().MaxLen(500).
			Comment("Why it was skipped, failed or is dead."),
		field.Int("error_code").
			Optional().Nillable().
			Comment("The platform's code of the last refusal."),
		field.String("platform_message_id").
			Optional().MaxLen(100).
			Comment("The platform's message id (Feishu om_…, or the batch's bm-…)."),
		field.Int("attempts").
			Default(0).
			Comment("Send attempts."),
		field.Time("next_attempt_at").
			Optional().Nillable().
			Comment("When a failed attempt is retried."),
		field.Time("sent_at").
			Optional().Nillable().
			Comment("When the platform accepted it."),
		field.Enum("card_state").
			Values("none", "pending", "done", "too_late", "failed").
			Default("none").
			Comment("To-dos: pending (待办), done (the card shows 已办), too_late (completed after the platform's 14-day update window; recorded, not lost), failed."),
		field.String("action").
			Optional().MaxLen(50).
			Comment("The quick-approval decision the recipient clicked (approve, reject)."),
	}
}

// Edges of the Delivery.
func (Delivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("message", Message.Type).
			Ref("deliveries").
			Comment("The message.").
			Field("message_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Delivery.
func (Delivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("message_id", "target_key", "recipient").Unique(),
		index.Fields("message_id", "status"),
		index.Fields("tenant_id", "created_at"),
	}
}

// Annotations of the Delivery.
func (Delivery) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One message to one person through one app: its status, reason, platform message id and attempts."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
