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

// Broadcast is a live broadcast (直播) the bridge created for the OA on
// WeCom living or Volcano enterprise live (issue 12; seeds 002 and 000):
// what was asked, the platform's id, the two status axes as last seen
// (callback or refresh) and the totals. The rules are worker/broadcast's.
type Broadcast struct{ ent.Schema }

// Mixin of the Broadcast.
func (Broadcast) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the Broadcast.
func (Broadcast) Fields() []ent.Field {
	return []ent.Field{
		field.Int("corp_id").Immutable().Comment("The Corp the broadcast is in.").Annotations(entgql.Type("ID")),
		field.Int("app_id").Immutable().Comment("The App that created it (WeCom acts only on its own app's livings).").Annotations(entgql.Type("ID")),
		field.Enum("provider").Values("wecom_living", "volcano_live").Immutable().
			Comment("WeCom living (企业微信直播) or Volcano Engine enterprise live (火山引擎企业直播)."),
		field.Int("anchor_oa_user_id").Immutable().Comment("The anchor, an OA user bound in the corp.").Annotations(entgql.Type("ID")),
		field.String("anchor_im_user_id").Immutable().MaxLen(128).Comment("The anchor's IM user id at creation (WeCom userid)."),
		field.String("title").NotEmpty().MaxRuneLen(20).Comment("theme: at most 20 characters (seed 002).").
			Annotations(entgql.OrderField("TITLE")),
		field.Time("start_time").Comment("When it starts.").Annotations(entgql.OrderField("START_TIME")),
		field.Int("duration_seconds").Min(60).Comment("How long, at least 1 minute."),
		field.Int("live_type").Range(0, 4).Default(0).Comment("0 通用直播, 1 小班课, 2 大班课, 3 企业培训, 4 活动直播."),
		field.String("description").Optional().MaxRuneLen(100).Comment("At most 100 characters."),
		field.Int("remind_seconds").Min(0).Default(0).Comment("Reminder before the start, seconds."),
		field.String("activity_cover").Optional().MaxLen(512).Comment("活动直播: the cover image's media id."),
		field.String("activity_share").Optional().MaxLen(512).Comment("活动直播: the share card image's media id."),
		field.String("activity_description").Optional().MaxRuneLen(300).Comment("活动直播: its description."),
		field.Strings("activity_images").Optional().Comment("活动直播: up to 5 picture media ids."),
		field.Enum("status").Values("RESERVED", "LIVE", "ENDED", "EXPIRED", "CANCELLED").Default("RESERVED").
			Comment("预约中, 直播中, 已结束, 已过期, 已取消."),
		field.Enum("replay_status").Values("NONE", "READY", "GENERATING", "DELETED", "FAILED").Default("NONE").
			Comment("The replay: none, 生成成功, 生成中, 回放已删除, 生成失败."),
		field.String("platform_id").Immutable().NotEmpty().MaxLen(128).Comment("WeCom livingid or Volcano ActivityId."),
		field.String("view_url").Optional().MaxLen(2048).Comment("Where to watch (Volcano ViewUrl)."),
		field.Int("viewers").Default(0).Comment("Viewers (WeCom viewer_num, Volcano UV)."),
		field.Int("comments").Default(0).Comment("Comments (WeCom comment_num)."),
		field.Int("mics").Default(0).Comment("Viewers who took the mic (WeCom mic_num)."),
		field.Int("peak_online").Default(0).Comment("Peak concurrent viewers (Volcano PCU)."),
		field.Int("total_watch_seconds").Default(0).Comment("Summed watch time."),
		field.Strings("notes").Optional().Comment("What the bridge changed in the request, e.g. pictures beyond 5 dropped."),
		field.Time("refreshed_at").Optional().Nillable().Comment("When the platform was last read."),
	}
}

// Edges of the Broadcast.
func (Broadcast) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("watchers", BroadcastViewer.Type).
			Comment("Per-viewer records of the last refresh after it ended.").
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.RelayConnection()),
	}
}

// Indexes of the Broadcast.
func (Broadcast) Indexes() []ent.Index {
	return []ent.Index{index.Fields("provider", "platform_id").Unique()}
}

// Annotations of the Broadcast.
func (Broadcast) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A live broadcast on WeCom living or Volcano enterprise live."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}

// BroadcastViewer is one viewer's record of an ended broadcast (WeCom
// get_watch_stat users / external_users).
type BroadcastViewer struct{ ent.Schema }

// Mixin of the BroadcastViewer.
func (BroadcastViewer) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the BroadcastViewer.
func (BroadcastViewer) Fields() []ent.Field {
	return []ent.Field{
		field.Int("broadcast_id").Immutable().Comment("The Broadcast watched.").Annotations(entgql.Type("ID")),
		field.String("im_user_id").Optional().MaxLen(128).Comment("A member's IM user id."),
		field.String("external_user_id").Optional().MaxLen(128).Comment("An external viewer's id."),
		field.String("name").Optional().MaxLen(200).Comment("An external viewer's name."),
		field.Int("watch_seconds").Min(0).Comment("Watch time, seconds.").Annotations(entgql.OrderField("WATCH_SECONDS")),
		field.Bool("commented").Default(false).Comment("Whether the viewer commented (is_comment)."),
		field.Bool("mic").Default(false).Comment("Whether the viewer took the mic (is_mic); Volcano has no per-viewer mic record."),
		field.Int("comment_count").Default(0).Min(0).Comment("Comments sent, where the platform counts them (Volcano CommentCounts); 0 on WeCom, which only says whether."),
		field.Int("oa_user_id").Optional().Nillable().
			Comment("The OA user bound to this viewer's IM account when the statistics were read (stored at refresh time, so the statistics keep who watched even if the binding changes later).").
			Annotations(entgql.Type("ID")),
	}
}

// Edges of the BroadcastViewer.
func (BroadcastViewer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("broadcast", Broadcast.Type).Ref("watchers").Field("broadcast_id").Unique().Required().Immutable().
			Comment("The Broadcast watched."),
	}
}

// Annotations of the BroadcastViewer.
func (BroadcastViewer) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One viewer's record of an ended broadcast."),
		entgql.RelayConnection(),
	}
}
