package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditEvent records a mutation or a job outcome: who did what to which
// object, in a short summary that never contains secrets. Audit events are
// append-only.
type AuditEvent struct{ ent.Schema }

// Mixin of the AuditEvent.
func (AuditEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{Optional: true}}
}

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").Default(time.Now).Immutable().
			Comment("When it happened.").
			Annotations(entgql.OrderField("AT")),
		field.Enum("actor_kind").Values("admin", "token", "system", "anonymous").Immutable().
			Comment("What kind of actor acted."),
		field.Int("actor_id").Optional().Immutable().
			Comment("The admin's or token's id.").
			Annotations(entgql.Type("ID")),
		field.String("actor_name").Immutable().
			Comment("The admin's username, the token's name, or the job's name.").
			Annotations(entgql.OrderField("ACTOR_NAME")),
		field.String("action").Immutable().
			Comment("What was done, e.g. createCorp, importDirectory, login, job.oa_import.").
			Annotations(entgql.OrderField("ACTION")),
		field.String("target_type").Optional().Immutable().
			Comment("The type of the object acted on."),
		field.String("target_id").Optional().Immutable().
			Comment("The global id of the object acted on."),
		field.String("summary").Optional().Immutable().
			Comment("A short description; secrets are replaced by [redacted]."),
		field.Bool("success").Default(true).Immutable().
			Comment("Whether the action succeeded."),
		field.String("ip").Optional().Immutable().
			Comment("The client address, for requests."),
		field.Text("before").Optional().Immutable().
			Comment("The object as it was before the change (JSON of its fields, secrets left out), for updates and deletes; empty otherwise.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.Text("after").Optional().Immutable().
			Comment("The object as the change left it (JSON of its fields, secrets left out); empty for deletes and failures.").
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "at"), index.Fields("action")}
}

// Annotations of the AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A recorded mutation, login or job outcome: who did what to which object."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
