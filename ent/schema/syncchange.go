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

// SyncChange is one planned change of a sync run (package
// worker/orgsync/plan's Change) and its outcome: the stored plan a dry run
// shows, an approval applies and an undo reverses. The apply moves each
// row from pending to applied, failed or skipped exactly once; the row is
// the checkpoint a resumed run continues from.
type SyncChange struct{ ent.Schema }

// Mixin of the SyncChange.
func (SyncChange) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// syncActions are plan.Action values.
var syncActions = []string{
	"unbind_user", "unbind_department", "bind_department", "update_department", "create_department",
	"move_department", "bind_user", "restore_user", "enable_user", "create_user", "update_user",
	"move_user", "disable_user", "delete_user", "delete_department",
}

// Fields of the SyncChange.
func (SyncChange) Fields() []ent.Field {
	return []ent.Field{
		field.Int("run_id").Immutable().Comment("The run that planned the change.").Annotations(entgql.Type("ID")),
		field.Int("ordinal").Immutable().Comment("The change's place in the plan (0, 1, …): changes apply in this order.").
			Annotations(entgql.OrderField("ORDINAL")),
		field.String("key").Immutable().NotEmpty().MaxLen(64).
			Comment("The change's stable key (a hash of what it does); with the run it makes the platform's idempotency key (Feishu client_token)."),
		field.Enum("action").Values(syncActions...).Immutable().
			Comment("What the change does; bind/unbind changes are recorded in the bridge only.").
			Annotations(entgql.OrderField("ACTION")),
		field.Enum("target_kind").Values("user", "department").Immutable().
			Comment("Whether the change is about a user or a department."),
		field.String("source").Optional().Immutable().MaxLen(300).
			Comment("The key of the source-side user or department the change comes from."),
		field.String("target").Immutable().MaxLen(300).
			Comment("The key of the target-side user or department it writes; for creates a provisional key (new:…)."),
		field.String("result_target").Optional().MaxLen(300).
			Comment("The key the target assigned to what a create made (Feishu user_id / department_id)."),
		field.String("name").Immutable().MaxRuneLen(300).
			Comment("The user's or department's name, for people.").
			Annotations(entgql.OrderField("NAME")),
		field.Text("before").Optional().Immutable().
			Comment("What the change touches as it was planned (JSON)."),
		field.Text("after").Optional().Immutable().
			Comment("What the change writes (JSON)."),
		field.JSON("diff", []detail.FieldDiff{}).Optional().Immutable().
			Comment("The changed values, field by field."),
		field.String("reason_code").Immutable().MaxLen(64).
			Comment("Why, as a code the console filters on (new_in_source, changed_in_source, resigned_in_source, left_scope, undo…)."),
		field.String("reason").Immutable().MaxRuneLen(2000).
			Comment("Why, in words."),
		field.Strings("depends_on").Optional().Immutable().
			Comment("Keys of earlier changes this one needs; when one of them fails this one is skipped."),
		field.String("method").Optional().Immutable().MaxLen(16).
			Comment("How a bind change binds (manual, auto, import, login, created)."),
		field.Enum("status").Values("pending", "applied", "failed", "skipped").Default("pending").
			Comment("pending: not applied yet; applied; failed (see code and message); skipped: a change it depends on failed, or the run was rejected.").
			Annotations(entgql.OrderField("STATUS")),
		field.String("code").Optional().MaxLen(64).
			Comment("The platform's error code when it refused the change."),
		field.String("message").Optional().MaxRuneLen(2000).
			Comment("Why the change failed or was skipped."),
		field.Time("applied_at").Optional().Nillable().
			Comment("When the change was applied (or failed)."),
	}
}

// Edges of the SyncChange.
func (SyncChange) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("run", SyncRun.Type).Ref("changes").Comment("The run that planned the change.").
			Field("run_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SyncChange.
func (SyncChange) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("run_id", "ordinal").Unique(),
		index.Fields("run_id", "status"),
	}
}

// Annotations of the SyncChange.
func (SyncChange) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One planned change of a sync run and its outcome (a SyncRun's plan)."),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
