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

// SyncRun is one run of a directory job (an OA import, a pull from the IM, a
// sync in either direction): its status, progress, counters and errors. The
// row is the durable progress record; live progress is also published on
// Redis for subscriptions.
type SyncRun struct{ ent.Schema }

// Mixin of the SyncRun.
func (SyncRun) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the SyncRun.
func (SyncRun) Fields() []ent.Field {
	return []ent.Field{
		field.Int("corp_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")).
			Comment("The Corp the run works on; empty for OA imports."),
		field.Enum("kind").Values("oa_import", "im_pull", "oa_to_im", "im_to_oa").Immutable().
			Comment("oa_import: the OA fed its directory; im_pull: the IM directory mirrored into the bridge; oa_to_im / im_to_oa: a sync writing to the other side.").
			Annotations(entgql.OrderField("KIND")),
		field.Enum("status").Values("queued", "running", "succeeded", "succeeded_with_errors", "failed", "canceled", "awaiting_approval").Default("queued").
			Comment("Where the run is. succeeded_with_errors: the run finished and wrote what it could, but some items failed (see errors).").
			Annotations(entgql.OrderField("STATUS")),
		field.Enum("trigger").Values("manual", "api", "schedule", "event").Default("manual").Immutable().
			Comment("What started the run."),
		field.Bool("dry_run").Default(false).Immutable().
			Comment("A dry run plans the changes and stops before applying them."),
		field.String("phase").Optional().
			Comment("The current phase, e.g. validate, departments, users, memberships, fetch, plan, apply."),
		field.Int("total").Default(0).Comment("Units of work known so far (for the progress bar)."),
		field.Int("done").Default(0).Comment("Units of work finished."),
		field.JSON("counters", detail.Counters{}).Default(detail.Counters{}).
			Comment("What the run changed, by kind of change."),
		field.JSON("errors", []detail.RunError{}).Optional().
			Comment("Items that failed, with the reason (at most the first 1000)."),
		field.String("error").Optional().
			Comment("Why the run failed, if it did."),
		field.Bytes("payload").Optional().
			Comment("The job's input (gzip JSON) for runs too large for the queue.").
			Annotations(entgql.Skip()),
		field.Bytes("checkpoint").Optional().
			Comment("Where a resumed run continues from.").
			Annotations(entgql.Skip()),
		field.String("task_id").Optional().
			Comment("The job queue's task id.").
			Annotations(entgql.Skip()),
		field.String("created_by").Optional().Immutable().MaxLen(200).
			Comment("Who started the run."),
		field.Time("started_at").Optional().Nillable().
			Comment("When the run started working.").
			Annotations(entgql.OrderField("STARTED_AT")),
		field.Time("finished_at").Optional().Nillable().
			Comment("When the run ended."),
		// Sync runs (kind oa_to_im / im_to_oa), issue 8.
		field.Enum("purpose").Values("sync", "undo", "offboarding", "incremental").Default("sync").Immutable().
			Comment("Why a sync run exists: a sync of the directories, the undo of an earlier run, the daily deletion of users disabled long ago (禁用用户几天后删除), or a small sync of what an event or import touched."),
		field.Int("undo_of_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")).
			Comment("The run this run undoes (purpose undo)."),
		field.Int("applies_run_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")).
			Comment("The dry run whose plan this run applies (模拟同步 → apply this plan)."),
		field.JSON("plan", &detail.PlanSummary{}).Optional().
			Comment("What the run planned: counts, the deletion brake's verdict and the merged department tree."),
		field.String("approved_by").Optional().MaxLen(200).
			Comment("Who approved or rejected a run the deletion brake stopped."),
		field.Time("approved_at").Optional().Nillable().
			Comment("When a run the deletion brake stopped was approved or rejected."),
	}
}

// Edges of the SyncRun.
func (SyncRun) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("corp", Corp.Type).Comment("The corp the run works on; empty for OA imports.").Field("corp_id").Unique().Immutable(),
		edge.To("changes", SyncChange.Type).Comment("The changes a sync run planned, in the order they apply, each with its outcome.").
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.RelayConnection()),
		edge.To("review_items", ReviewItem.Type).Comment("What a sync run's plan left to a person (ambiguous matches…).").
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.RelayConnection()),
	}
}

// Indexes of the SyncRun.
func (SyncRun) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "created_at")}
}

// Annotations of the SyncRun.
func (SyncRun) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One run of a directory job: an OA import, a pull from the IM, or a sync."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
