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
		// Seed 003 §4.2.3 同步通讯录到飞书 (1) 基本设置.
		field.Bool("create_users").Default(false).
			Comment("oa_to_im: create OA users that match no IM account in the IM (新用户是否添加到飞书); off lists them for review."),
		field.String("user_id_field").Optional().MaxLen(140).
			Comment("The OA field whose value becomes the IM user_id of a created user (seed 003 §4.3.2.1): key (the OA user id), employee_no, mobile, email or attribute:<name>; empty lets the platform assign one."),
		field.Bool("include_part_time").Default(false).
			Comment("Sync users' part-time departments too (用户所在部门是否包含兼职部门); off syncs the primary department only."),
		field.Enum("offboarding").Values("disable", "delete").Default("disable").
			Comment("What happens to the IM account of a person who left (离职用户处理方式): disable (recommended by the seed: data is kept) or delete (the account's data is lost)."),
		field.Int("delete_after_days").Default(0).Min(0).Max(3650).
			Comment("Delete disabled users this many days after they were disabled (禁用用户几天后删除); 0 = never."),
		field.Enum("resource_acceptor").Values("none", "leader", "user").Default("none").
			Comment("Who receives a deleted IM user's resources (seed 003 §4.2.3 离职用户处理方式 删除; Feishu user/delete acceptor_user_id fields: group chats, docs, calendar, apps, minutes, surveys, mailbox): none leaves the platform's default, leader the user's leader, user the IM user resource_acceptor_user_id."),
		field.String("resource_acceptor_user_id").Optional().MaxLen(128).
			Comment("The IM user_id who receives deleted users' resources when resource_acceptor is user: an active user of the corp's mirror bound to an OA user."),
		field.Bool("move_disabled").Default(false).
			Comment("Move disabled users into one department named disabled_department_name (禁用成员是否移动到统一部门)."),
		field.String("disabled_department_name").Default("已禁用用户").NotEmpty().MaxRuneLen(100).
			Comment("The department disabled users are moved into (default 已禁用用户)."),
		field.String("auto_bind_field").Default("none").MaxLen(140).
			Comment("How unbound users are matched (新用户关联系统账号 / 用户绑定): mobile, email, employee_no, attribute:<name>, or none; values are compared in canonical form."),
		field.JSON("field_mapping", []detail.FieldMap{}).Optional().
			Comment("Which OA field becomes which IM field, each with its direction (用户字段对应关系); empty maps name, mobile, email, employee_no, title and gender both ways.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		// (2) 范围设置.
		field.Strings("scope_departments").Optional().
			Comment("OA department codes synced with their subtrees (分部/部门范围); empty = all."),
		field.Strings("scope_users_include").Optional().
			Comment("OA user ids synced wherever they are (用户范围（包含）)."),
		field.Strings("scope_users_exclude").Optional().
			Comment("OA user ids never synced; exclude wins over include (用户范围（排除）). A bound user excluded or outside the scope is removed from the IM (disabled or deleted per offboarding)."),
		// (3) 安全设置和定时设置.
		field.Int("threshold_count").Default(0).Min(0).
			Comment("The deletion brake: a run that disables or deletes more users than this, or whose source has this many fewer users than before (用户减少数量阈值; oa_to_im: the OA's head count before the first OA import since the last applied run; im_to_oa: the previous run's), waits for an admin's approval; 0 = no count limit."),
		field.Float("threshold_percent").Default(0).Min(0).Max(100).
			Comment("The deletion brake as a percentage of the users (0–100); 0 = no percentage limit."),
		field.String("oa_to_im_schedule").Optional().MaxLen(100).
			Comment("When an oa_to_im sync runs by itself (cron, 5 fields, or @every 1h); empty for manual only."),
		field.String("im_to_oa_schedule").Optional().MaxLen(100).
			Comment("When an im_to_oa sync runs by itself (cron, 5 fields, or @every 1h); empty for manual only."),
		field.Bool("sync_on_oa_import").Default(false).
			Comment("oa_to_im: an OA import that is not complete starts a small sync of what it touched."),
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
