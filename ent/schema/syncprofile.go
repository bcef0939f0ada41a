package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// SyncProfile is a Corp's directory sync settings (seed 003 §4.2): which app
// the sync calls the platform with, where the synced tree starts, and when it
// runs. One per Corp.
type SyncProfile struct{ ent.Schema }

// Mixin of the SyncProfile.
func (SyncProfile) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the SyncProfile.
func (SyncProfile) Fields() []ent.Field {
	return []ent.Field{
		field.Int("corp_id").Immutable().Comment("The Corp these settings are for.").Annotations(entgql.Type("ID")),
		field.Int("app_id").Comment("The app whose credentials the sync uses (接口参数设置: 选择应用).").Annotations(entgql.Type("ID")),
		field.Enum("mode").Values("im_to_bridge", "im_to_oa", "oa_to_im").Default("im_to_bridge").
			Comment("im_to_bridge: mirror the IM directory into the bridge, OA untouched; im_to_oa: the OA follows the IM; oa_to_im: the IM follows the OA."),
		field.Enum("permission").Values("read_only", "read_write").Default("read_only").
			Comment("read_only: only pull from the IM (接口权限-只读); read_write: the bridge may also write to the IM."),
		field.String("top_department_id").Default("0").NotEmpty().MaxLen(128).
			Comment("The IM department the synced tree starts at (顶级部门); \"0\" is the root of the whole organisation."),
		field.String("schedule").Optional().MaxLen(100).
			Comment("When the pull runs by itself, as a cron expression (5 fields, e.g. \"0 */6 * * *\") or @every 1h; empty for manual only (是否定时同步)."),
	}
}

// Edges of the SyncProfile.
func (SyncProfile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("corp", Corp.Type).Comment("The corp these settings are for.").Field("corp_id").Unique().Required().Immutable(),
		edge.To("app", App.Type).Comment("The app whose credentials the sync uses.").Field("app_id").Unique().Required(),
	}
}

// Indexes of the SyncProfile.
func (SyncProfile) Indexes() []ent.Index {
	return []ent.Index{index.Fields("corp_id").Unique()}
}

// Annotations of the SyncProfile.
func (SyncProfile) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A corp's directory sync settings (seed 003 §4.2)."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
