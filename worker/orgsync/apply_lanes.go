package orgsync

import (
	"time"

	"imbridge/worker/orgsync/plan"
)

// Lane is a group of actions sharing a platform budget.
type Lane struct {
	Name     string
	InFlight int
	// Interval spaces the starts of the lane's changes, while the lane
	// named WhileBusy ("" = always) has changes left: a lane sharing a
	// per-minute budget with a slower one leaves it room.
	Interval  time.Duration
	WhileBusy string
}

// FeishuLanes are Feishu's small budgets (platform/feishu/writer.go,
// documentedLimits): user/patch of department_ids or is_frozen is 1 QPS
// ("更新 department_ids、is_frozen 时，限制调用频率为 1 QPS"), user/resurrect
// 10 per minute. One in flight per lane keeps the budget busy at a 40 ms
// round trip; two absorb a slow reply.
//
// Those 1 QPS calls are user/patch calls too, drawing on its 1000/min: while
// any are left, field updates (the same API) start at most 900 a minute,
// so together they stay clear of the minute's budget (the platform's
// window need not line up with ours; a 429 on the per-minute budget costs
// seconds) and never stall the long pole.
//
// Creates have lanes too, of four: a change holds its slot while it waits
// on the adapter's limiter, and 4,000 user creates spend the minute's 1000
// in 20 s, then wait 40 s for the window to slide. Unbounded, they took
// every slot for those 40 s, and the 1 QPS lane — the run's long pole —
// stood still (10k changes: 470 s for a 399 s bound). Four in flight still
// keep 50/s busy at a 40 ms round trip.
func FeishuLanes() map[plan.Action]Lane {
	membership := Lane{Name: "user_membership", InFlight: 2}
	return map[plan.Action]Lane{
		plan.ActionMoveUser: membership, plan.ActionDisableUser: membership, plan.ActionEnableUser: membership,
		plan.ActionRestoreUser:      {Name: "user_resurrect", InFlight: 1},
		plan.ActionUpdateUser:       {Name: "user_patch", InFlight: 1 << 20, Interval: time.Minute / 900, WhileBusy: membership.Name},
		plan.ActionCreateDepartment: {Name: "department_create", InFlight: 4},
		plan.ActionCreateUser:       {Name: "user_create", InFlight: 4},
	}
}
