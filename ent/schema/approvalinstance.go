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

// ApprovalInstance is a to-do message shown in the IM's approval center
// (Feishu 审批中心 › 三方审批) through one app: one external approval
// instance whose tasks are the message's approval deliveries. It holds the
// instance's version (Feishu update_time): the platform applies a sync only
// when its version is newer, so the stored version only grows, is taken in
// one conditional update before each sync, and a retry resends the same
// version with the same content (platform.NextApprovalVersion).
type ApprovalInstance struct{ ent.Schema }

// Mixin of the ApprovalInstance.
func (ApprovalInstance) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the ApprovalInstance.
func (ApprovalInstance) Fields() []ent.Field {
	return []ent.Field{
		field.Int("message_id").Immutable().Comment("The to-do message."),
		field.Int("app_id").Immutable().Comment("The app that syncs it (its approval definition)."),
		field.String("instance_id").NotEmpty().MaxLen(100).Immutable().
			Comment("The platform instance id (unique per app; distinct from every task id)."),
		field.String("definition_code").Optional().MaxLen(128).
			Comment("The approval definition's code the instance was last synced under."),
		field.Int64("version").Default(0).
			Comment("The version of the last content taken for a sync (Unix ms; only grows)."),
		field.String("fingerprint").Optional().MaxLen(64).
			Comment("SHA-256 of the content synced at version: the same content is resent at the same version, new content takes a new one."),
		field.Int64("synced_version").Default(0).
			Comment("The version the platform acknowledged (0: never synced)."),
		field.String("status").Optional().MaxLen(20).
			Comment("The instance status last synced (PENDING, APPROVED, REJECTED, CANCELED …)."),
		field.Strings("task_ids").Optional().
			Comment("The task ids synced at synced_version, for the drift check."),
		field.Time("checked_at").Optional().Nillable().
			Comment("When the drift check last compared it with the platform."),
		field.Int("repairs").Default(0).
			Comment("How often the drift check found it different and re-synced it whole."),
		field.String("last_error").Optional().MaxLen(500).
			Comment("Why the last sync failed (cleaned platform message), empty after a success."),
	}
}

// Edges of the ApprovalInstance.
func (ApprovalInstance) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("message", Message.Type).Field("message_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)).
			Comment("The to-do message."),
	}
}

// Indexes of the ApprovalInstance.
func (ApprovalInstance) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("message_id", "app_id").Unique(),
		index.Fields("app_id", "instance_id").Unique(),
	}
}

// Annotations of the ApprovalInstance.
func (ApprovalInstance) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A to-do synced to the IM's approval center as an external approval instance, and its version."),
		entgql.Skip(entgql.SkipAll),
	}
}
