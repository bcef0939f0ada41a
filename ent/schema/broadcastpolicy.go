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

// BroadcastPolicy is a corp's broadcast permission (开播权限, seed 000):
// everyone may broadcast, or only the selected members. Members are chosen
// from the corp's org chart as the bridge mirrors it (its IM-side
// departments, with their sub-departments, and its IM-side users); an OA
// anchor is checked through the binding to the corp's IM user. Requests are
// decided by the tenant's admins or by named console accounts.
type BroadcastPolicy struct{ ent.Schema }

// Mixin of the BroadcastPolicy.
func (BroadcastPolicy) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the BroadcastPolicy.
func (BroadcastPolicy) Fields() []ent.Field {
	return []ent.Field{
		field.Int("corp_id").Immutable().Comment("The Corp the policy is for.").Annotations(entgql.Type("ID")),
		field.Enum("mode").Values("EVERYONE", "SELECTED").Default("EVERYONE").
			Comment("EVERYONE: every member may broadcast (全部成员); SELECTED: only the selected departments and people (部分成员)."),
		field.Ints("department_ids").Optional().
			Comment("SELECTED: the corp's mirrored departments whose members (and their sub-departments' members) may broadcast.").
			Annotations(entgql.Skip()),
		field.Ints("user_ids").Optional().
			Comment("SELECTED: the corp's mirrored users who may broadcast (approved requesters are added here).").
			Annotations(entgql.Skip()),
		field.Enum("approver_mode").Values("ADMINS", "NAMED").Default("ADMINS").
			Comment("Who decides requests: ADMINS (the tenant's admins) or NAMED (the console accounts in approver_ids and the people in approver_user_ids)."),
		field.Ints("approver_ids").Optional().
			Comment("NAMED: the console accounts (Admin) that decide requests.").
			Annotations(entgql.Skip()),
		field.Ints("approver_user_ids").Optional().
			Comment("NAMED: OA users (people bound in this corp) who decide requests: told by an IM message, they decide in the console signed in with an account linked to their IM identity.").
			Annotations(entgql.Skip()),
	}
}

// Edges of the BroadcastPolicy.
func (BroadcastPolicy) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("corp", Corp.Type).Comment("The Corp the policy is for.").Field("corp_id").Unique().Required().Immutable(),
	}
}

// Indexes of the BroadcastPolicy.
func (BroadcastPolicy) Indexes() []ent.Index {
	return []ent.Index{index.Fields("corp_id").Unique()}
}

// Annotations of the BroadcastPolicy.
func (BroadcastPolicy) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A corp's broadcast permission policy (开播权限)."),
	}
}

// BroadcastPermissionRequest is a member's request for the broadcast
// permission (开播权限申请), filed in advance or by a refused create (then
// with the broadcast that waits for it), and the decision on it.
type BroadcastPermissionRequest struct{ ent.Schema }

// Mixin of the BroadcastPermissionRequest.
func (BroadcastPermissionRequest) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the BroadcastPermissionRequest.
func (BroadcastPermissionRequest) Fields() []ent.Field {
	return []ent.Field{
		field.Int("corp_id").Immutable().Comment("The Corp the permission is asked for.").Annotations(entgql.Type("ID")),
		field.Int("requester_id").Immutable().Comment("The OA user who asks.").Annotations(entgql.Type("ID")),
		field.String("reason").NotEmpty().MaxRuneLen(500).Immutable().Comment("Why, in the requester's words (at most 500 characters)."),
		field.Bool("auto").Default(false).Immutable().Comment("Filed by a create that was refused for lack of permission."),
		field.JSON("draft", &detail.BroadcastDraft{}).Optional().
			Comment("The broadcast that waits for the permission, created when the request is approved.").
			Annotations(entgql.Skip()),
		field.Enum("status").Values("PENDING", "APPROVED", "REJECTED").Default("PENDING").
			Comment("待审批, 已通过, 已拒绝.").Annotations(entgql.OrderField("STATUS")),
		field.Int("decider_id").Optional().Nillable().Comment("The console account that decided.").Annotations(entgql.Type("ID")),
		field.String("decider_name").Optional().MaxLen(200).Comment("Its username, kept if the account goes."),
		field.String("comment").Optional().MaxRuneLen(500).Comment("The decider's comment (at most 500 characters)."),
		field.Time("decided_at").Optional().Nillable().Comment("When it was decided.").Annotations(entgql.OrderField("DECIDED_AT")),
		field.Int("broadcast_id").Optional().Nillable().Comment("The waiting broadcast, once approval created it.").Annotations(entgql.Type("ID")),
		field.String("broadcast_error").Optional().MaxLen(1000).
			Comment("Why the waiting broadcast was not created on approval (the permission was granted all the same)."),
	}
}

// Edges of the BroadcastPermissionRequest.
func (BroadcastPermissionRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("corp", Corp.Type).Comment("The Corp the permission is asked for.").Field("corp_id").Unique().Required().Immutable(),
		edge.To("requester", User.Type).Comment("The OA user who asks.").Field("requester_id").Unique().Required().Immutable(),
	}
}

// Indexes of the BroadcastPermissionRequest.
func (BroadcastPermissionRequest) Indexes() []ent.Index {
	return []ent.Index{index.Fields("corp_id", "status"), index.Fields("requester_id")}
}

// Annotations of the BroadcastPermissionRequest.
func (BroadcastPermissionRequest) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A request for the broadcast permission and its decision."),
		entgql.QueryField("broadcastPermissionRequests"),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}
