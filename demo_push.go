package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
	"imbridge/worker/push"
)

// The demo's push (issue 9): two rules (审批 as to-dos with quick
// approval and as approval-center instances, 日报 as rich text); once the first pull has mirrored Feishu,
// the demo binds a few people whose mobiles match (what an admin does
// with 自动绑定) and the demo OA pushes a to-do and a daily report, so the
// simulator's record (/sim/feishu/_messages, with click forms) and the
// console show deliveries at once. The demo OA's page has a button that
// pushes another to-do; clicking 同意 / 拒绝 in the simulator's view
// reaches the demo OA receiver as message.action, and so does 同意 / 拒绝
// in the simulator's approval center (/sim/feishu/_approvals).

const demoOAPushPath = demoOAPath + "/push"

// demoBound is how many people the demo binds for its pushes.
const demoBound = 5

// seedPushRules creates the demo's rules unless the tenant has some.
func (d *demo) seedPushRules(ctx context.Context, db *ent.Client) error {
	if n, err := db.PushRule.Query().Count(ctx); err != nil || n > 0 {
		return err
	}
	r, err := db.PushRule.Create().SetName("审批待办（快捷审批）").SetSource("审批").
		SetDescription("OA approvals become to-do cards with 同意 / 拒绝, and third-party approvals in Feishu's approval center (审批中心 › 三方审批); completeTodo turns them done.").Save(ctx)
	if err != nil {
		return err
	}
	if err := db.PushTarget.Create().SetRuleID(r.ID).SetAppID(d.app.ID).SetMessageType(pushtarget.MessageTypeTodo).
		SetQuickApproval(true).SetTitleTemplate("【{{source}}】{{title}}").Exec(ctx); err != nil {
		return err
	}
	if err := db.PushTarget.Create().SetRuleID(r.ID).SetAppID(d.app.ID).SetMessageType(pushtarget.MessageTypeApproval).
		SetQuickApproval(true).Exec(ctx); err != nil {
		return err
	}
	r, err = db.PushRule.Create().SetName("日报").SetSource("日报").Save(ctx)
	if err != nil {
		return err
	}
	return db.PushTarget.Create().SetRuleID(r.ID).SetAppID(d.app.ID).SetMessageType(pushtarget.MessageTypePost).Exec(ctx)
}

// afterPull waits (at most two minutes) for the first pull to end, binds
// a few people whose mobiles (and names) match and pushes the demo's first
// messages.
func (d *demo) afterPull(ctx context.Context, a *app) {
	sys := viewer.System(ctx, "demo", d.tenID)
	db := a.db.Client
	for range 240 {
		pulled, err := db.SyncRun.Query().Where(syncrun.CorpID(d.corp.ID), syncrun.KindEQ(syncrun.KindImPull),
			syncrun.StatusIn(syncrun.StatusSucceeded, syncrun.StatusSucceededWithErrors)).Exist(sys)
		if err != nil || pulled {
			break
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(500 * time.Millisecond):
		}
	}
	if _, err := d.bindByMobile(sys, db); err != nil {
		a.log.Warn("demo: binding by mobile", "err", err)
		return
	}
	// Pushed on an earlier start: its messages are there. (Whether this
	// start bound anyone says nothing: the sync profile's auto-bind after
	// the pull may already have bound everyone by mobile.)
	if sent, err := db.Message.Query().Where(message.IdempotencyKey("demo-todo-first")).Exist(sys); err != nil || sent {
		return
	}
	if _, err := d.pushTodo(sys, a, "demo-todo-first"); err != nil {
		a.log.Warn("demo: pushing the first to-do", "err", err)
	}
	if _, err := a.push.Push(sys, push.Input{IdempotencyKey: "demo-daily-first", Source: "日报", Title: "研发部日报 · 今日完成",
		Content: "1. 消息推送上线\n2. 通讯录同步演练", Link: "https://oa.example.com/daily/1",
		Recipients: detail.PushRecipients{Everyone: true}, CreatedBy: "demo OA"}); err != nil {
		a.log.Warn("demo: pushing the first daily report", "err", err)
	}
}

// bindByMobile binds up to demoBound OA users to the mirrored Feishu
// users with the same mobile and name; it returns how many it bound.
func (d *demo) bindByMobile(ctx context.Context, db *ent.Client) (int, error) {
	ims, err := db.User.Query().Where(user.CorpID(d.corp.ID), user.MobileNEQ(""), user.Not(user.HasImBindings())).All(ctx)
	if err != nil {
		return 0, err
	}
	byMobile := map[string]*ent.User{}
	for _, u := range ims {
		byMobile[u.Mobile] = u
	}
	// A few people only, those whose names sort last: the console's
	// binding walk-through (and its browser test) starts from the first
	// names, unbound on both sides.
	oas, err := db.User.Query().Where(user.CorpIDIsNil(), user.MobileNEQ(""), user.Not(user.HasOaBindings())).
		Order(ent.Desc(user.FieldName)).All(ctx)
	if err != nil {
		return 0, err
	}
	var creates []*ent.BindingCreate
	for _, o := range oas {
		if len(creates) == demoBound {
			break
		}
		if im := byMobile[o.Mobile]; im != nil && im.Name == o.Name {
			creates = append(creates, db.Binding.Create().SetCorpID(d.corp.ID).SetKind(binding.KindUser).SetOaUserID(o.ID).
				SetImUserID(im.ID).SetMethod(binding.MethodAuto).SetCreatedBy("demo"))
		}
	}
	for i := 0; i < len(creates); i += 200 {
		if err := db.Binding.CreateBulk(creates[i:min(i+200, len(creates))]...).Exec(ctx); err != nil {
			return i, err
		}
	}
	return len(creates), nil
}

// pushTodo pushes an approval to-do to three bound people and one the
// OA alone knows (skipped: not bound), as the demo OA.
func (d *demo) pushTodo(ctx context.Context, a *app, key string) (*ent.Message, error) {
	bound, err := a.db.Client.User.Query().Where(user.CorpIDIsNil(), user.HasOaBindings()).
		Order(ent.Asc(user.FieldExternalID)).Limit(3).All(ctx)
	if err != nil {
		return nil, err
	}
	ids := []string{"OA-X000"}
	for _, u := range bound {
		ids = append(ids, u.ExternalID)
	}
	return a.push.Push(ctx, push.Input{IdempotencyKey: key, Source: "审批", Title: "报销单 " + key, Content: "差旅报销 ¥1,280，请审批。",
		Link: "https://oa.example.com/flow/" + key, TodoKey: key, CreatedBy: "demo OA",
		Fields:     []detail.PushField{{Label: "申请人", Value: "演示用户", Short: true}, {Label: "金额", Value: "¥1,280", Short: true}},
		Recipients: detail.PushRecipients{UserIDs: ids}})
}

// pushFromOA is the demo OA page's button: another to-do, then the
// simulator's view of what was sent.
func (d *demo) pushFromOA(a *app) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !demoOACSRFOK(r) {
			http.Error(w, "push refused: open the demo OA page ("+demoOAPath+") and use its button", http.StatusForbidden)
			return
		}
		sys := viewer.System(r.Context(), "demo", d.tenID)
		if _, err := d.pushTodo(sys, a, fmt.Sprintf("demo-todo-%d", time.Now().UnixNano())); err != nil {
			http.Error(w, "push failed: "+err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, demoSimPath+"/_messages", http.StatusSeeOther)
	}
}
