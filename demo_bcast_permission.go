package main

import (
	"context"
	"slices"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/broadcastpolicy"
	"imbridge/ent/pushrule"
	"imbridge/ent/pushtarget"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
	"imbridge/worker/broadcast"
)

// The demo's broadcast permission (开播权限, seed 000) on the WeCom corp:
// once its first pull is done, a few people are bound by mobile and name,
// only the first of them may broadcast (a SELECTED policy by person, the
// tenant's admins approve), the second has a pending request with a
// waiting broadcast, and the others have no permission: a create for them
// is refused and files its request.
const demoPermissionBound = 4

// seedBroadcastPermission runs once per database: a corp with a policy is
// left alone. It waits at most two minutes for the pull.
func (d *demo) seedBroadcastPermission(ctx context.Context, a *app) {
	if d.wecom == nil || d.wecom.corp == nil || d.wecom.app == nil {
		return
	}
	sys := viewer.System(ctx, "demo", d.tenID)
	db := a.db.Client
	corpID := d.wecom.corp.ID
	for range 240 {
		pulled, err := db.SyncRun.Query().Where(syncrun.CorpID(corpID), syncrun.KindEQ(syncrun.KindImPull),
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
	if done, err := db.BroadcastPolicy.Query().Where(broadcastpolicy.CorpID(corpID)).Exist(sys); err != nil || done {
		return
	}
	people, err := d.bindWeComPeople(sys, db, corpID)
	if err != nil || len(people) < 2 {
		a.log.Warn("demo: binding WeCom people for the broadcast permission", "err", err, "bound", len(people))
		return
	}
	if err := d.seedPermissionPushRule(sys, db); err != nil {
		a.log.Warn("demo: the broadcast permission push rule", "err", err)
	}
	allowed := []int{people[0][1]}
	if im, err := d.bindDemoAnchor(sys, db, corpID); err != nil {
		a.log.Warn("demo: binding the demo broadcasts' anchor in WeCom", "err", err)
	} else if im != 0 && !slices.ContainsFunc(people[1:], func(p [2]int) bool { return p[1] == im }) {
		// Not when the anchor is one of the people shown without the
		// permission (the pending requester and the refused ones).
		allowed = append(allowed, im)
	}
	perms := &broadcast.Permissions{DB: db, Notify: &broadcast.PushNotifier{DB: db, Push: a.push}}
	if _, err := perms.SetPolicy(sys, broadcast.PolicyInput{CorpID: corpID, Users: allowed}); err != nil {
		a.log.Warn("demo: the broadcast policy", "err", err)
		return
	}
	start := time.Now().AddDate(0, 0, 7).Truncate(time.Hour)
	draft := broadcast.DraftOf(broadcast.Input{Title: "季度产品培训", Start: start, Duration: 90 * time.Minute,
		Description: "面向全员的季度新品发布直播"}, d.wecom.app.ID, broadcast.ProviderWeComLiving)
	if _, err := perms.File(sys, broadcast.FileInput{CorpID: corpID, RequesterID: people[1][0],
		Reason: "下周主持季度新品发布会，需要开播权限", Draft: &draft}); err != nil {
		a.log.Warn("demo: the pending broadcast permission request", "err", err)
	}
}

// bindWeComPeople binds up to demoPermissionBound OA users to the WeCom
// corp's people with the same mobile and name (those already bound there
// count first) and returns them as [OA user, IM user] pairs.
func (d *demo) bindWeComPeople(ctx context.Context, db *ent.Client, corpID int) ([][2]int, error) {
	var out [][2]int
	bound, err := db.Binding.Query().Where(binding.CorpID(corpID), binding.KindEQ(binding.KindUser)).
		Order(ent.Asc(binding.FieldID)).Limit(demoPermissionBound).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range bound {
		if b.OaUserID != nil && b.ImUserID != nil {
			out = append(out, [2]int{*b.OaUserID, *b.ImUserID})
		}
	}
	if len(out) >= demoPermissionBound {
		return out, nil
	}
	ims, err := db.User.Query().Where(user.CorpID(corpID), user.MobileNEQ(""), user.Not(user.HasImBindings())).All(ctx)
	if err != nil {
		return nil, err
	}
	byMobile := map[string]*ent.User{}
	for _, u := range ims {
		byMobile[u.Mobile] = u
	}
	oas, err := db.User.Query().Where(user.CorpIDIsNil(), user.MobileNEQ(""),
		user.Not(user.HasOaBindingsWith(binding.CorpID(corpID)))).Order(ent.Asc(user.FieldName)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range oas {
		if len(out) == demoPermissionBound {
			break
		}
		im := byMobile[o.Mobile]
		if im == nil || im.Name != o.Name {
			continue
		}
		if err := db.Binding.Create().SetCorpID(corpID).SetKind(binding.KindUser).SetOaUserID(o.ID).SetImUserID(im.ID).
			SetMethod(binding.MethodAuto).SetCreatedBy("demo").Exec(ctx); err != nil {
			return out, err
		}
		out = append(out, [2]int{o.ID, im.ID})
	}
	return out, nil
}

// bindDemoAnchor binds the demo broadcasts' anchor (the first OA user,
// seedBroadcasts) to the WeCom member their WeCom broadcasts name as
// anchor, so a WeCom broadcast can be created for that anchor in the demo
// (seed 002: the anchor must be an OA user bound in the corp). It returns
// the anchor's IM user (0 when the member is bound to someone else or not
// pulled), keeping a binding either side already has.
func (d *demo) bindDemoAnchor(ctx context.Context, db *ent.Client, corpID int) (int, error) {
	anchor, err := db.User.Query().Where(user.CorpIDIsNil()).Order(ent.Asc(user.FieldID)).First(ctx)
	if err != nil {
		return 0, err
	}
	if b, err := db.Binding.Query().Where(binding.CorpID(corpID), binding.OaUserID(anchor.ID)).Only(ctx); err == nil {
		if b.ImUserID == nil {
			return 0, nil
		}
		return *b.ImUserID, nil
	} else if !ent.IsNotFound(err) {
		return 0, err
	}
	members := d.wecom.sim.Org().Users()
	if len(members) == 0 {
		return 0, nil
	}
	im, err := db.User.Query().Where(user.CorpID(corpID), user.ExternalID(members[0].UserID)).Only(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if taken, err := db.Binding.Query().Where(binding.ImUserID(im.ID)).Exist(ctx); err != nil || taken {
		return 0, err
	}
	if err := db.Binding.Create().SetCorpID(corpID).SetKind(binding.KindUser).SetOaUserID(anchor.ID).SetImUserID(im.ID).
		SetMethod(binding.MethodManual).SetCreatedBy("demo").Exec(ctx); err != nil {
		return 0, err
	}
	return im.ID, nil
}

// seedPermissionPushRule routes the permission notifications (push source
// broadcast_permission): without a rule for that source the push engine
// plans no delivery and requesters and approvers hear nothing. They go out
// as text messages of the WeCom app, the corp whose people the demo's
// policy is about (the WeCom simulator records them).
func (d *demo) seedPermissionPushRule(ctx context.Context, db *ent.Client) error {
	if n, err := db.PushRule.Query().Where(pushrule.Source(broadcast.NotifySource)).Count(ctx); err != nil || n > 0 {
		return err
	}
	r, err := db.PushRule.Create().SetName("开播权限通知").SetSource(broadcast.NotifySource).
		SetDescription("Broadcast permission requests to the approvers bound to a person, and the decision to the requester, as WeCom app messages.").Save(ctx)
	if err != nil {
		return err
	}
	return db.PushTarget.Create().SetRuleID(r.ID).SetAppID(d.wecom.app.ID).SetMessageType(pushtarget.MessageTypeText).Exec(ctx)
}
