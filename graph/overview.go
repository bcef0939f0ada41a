package graph

import (
	"context"
	"time"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/corp"
	"imbridge/ent/detail"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/graph/model"
)

// failureWindow is how far back the overview counts failed runs.
const failureWindow = 7 * 24 * time.Hour

// overview reads the tenant's state at a glance. Everything is read through
// the tenant filter; a tenant has a handful of corps, so per-corp queries
// are few.
func (r *Resolver) overview(ctx context.Context) (*model.Overview, error) {
	db := r.db(ctx)
	corps, err := db.Corp.Query().Order(ent.Asc(corp.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := &model.Overview{Corps: []*model.CorpOverview{}, RecentFailures: []*ent.SyncRun{}, NextSteps: []*model.NextStep{}}
	if out.OaUsers, err = db.User.Query().Where(user.CorpIDIsNil(), user.StatusNEQ(user.StatusResigned)).Count(ctx); err != nil {
		return nil, err
	}
	since := time.Now().Add(-failureWindow)
	failed := db.SyncRun.Query().Where(syncrun.StatusEQ(syncrun.StatusFailed), syncrun.CreatedAtGTE(since))
	if out.FailedRuns, err = failed.Clone().Count(ctx); err != nil {
		return nil, err
	}
	if out.RecentFailures, err = failed.Order(ent.Desc(syncrun.FieldCreatedAt), ent.Desc(syncrun.FieldID)).Limit(5).All(ctx); err != nil {
		return nil, err
	}
	if len(corps) == 0 {
		out.NextSteps = append(out.NextSteps, &model.NextStep{Key: "create_corp"})
	}
	for _, c := range corps {
		co, steps, err := corpOverview(ctx, db, c)
		if err != nil {
			return nil, err
		}
		out.Corps = append(out.Corps, co)
		out.NextSteps = append(out.NextSteps, steps...)
	}
	if len(corps) > 0 && out.OaUsers == 0 {
		out.NextSteps = append(out.NextSteps, &model.NextStep{Key: "import_oa"})
	}
	return out, nil
}

// corpOverview is one corp's health and the steps it still needs.
func corpOverview(ctx context.Context, db *ent.Client, c *ent.Corp) (*model.CorpOverview, []*model.NextStep, error) {
	co := &model.CorpOverview{Corp: c}
	var steps []*model.NextStep
	step := func(key string, a *ent.App) { steps = append(steps, &model.NextStep{Key: key, Corp: c, App: a}) }

	apps, err := db.App.Query().Where(app.CorpID(c.ID)).Order(ent.Asc(app.FieldID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	co.Connection = connection(apps)
	switch co.Connection.Status {
	case "NO_APP":
		step("create_app", nil)
	case "NOT_VERIFIED":
		if len(co.Connection.App.AppSecretSealed) == 0 {
			step("set_secret", co.Connection.App)
		} else {
			step("verify_app", co.Connection.App)
		}
	case "FAILED":
		step("fix_app", co.Connection.App)
	}

	last := func(kinds ...syncrun.Kind) (*ent.SyncRun, error) {
		run, err := db.SyncRun.Query().Where(syncrun.CorpID(c.ID), syncrun.KindIn(kinds...)).
			Order(ent.Desc(syncrun.FieldCreatedAt), ent.Desc(syncrun.FieldID)).First(ctx)
		if ent.IsNotFound(err) {
			return nil, nil
		}
		return run, err
	}
	if co.LastPull, err = last(syncrun.KindImPull); err != nil {
		return nil, nil, err
	}
	if co.LastSync, err = last(syncrun.KindOaToIm, syncrun.KindImToOa); err != nil {
		return nil, nil, err
	}

	people := db.User.Query().Where(user.CorpID(c.ID), user.StatusNEQ(user.StatusResigned))
	if co.ImUsers, err = people.Clone().Count(ctx); err != nil {
		return nil, nil, err
	}
	if co.BoundUsers, err = people.Where(user.HasImBindings()).Count(ctx); err != nil {
		return nil, nil, err
	}
	co.UnboundUsers = co.ImUsers - co.BoundUsers

	if co.Connection.Status == "OK" {
		hasProfile, err := db.SyncProfile.Query().Where(syncprofile.CorpID(c.ID)).Exist(ctx)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case !hasProfile:
			step("create_profile", nil)
		case co.LastPull == nil:
			step("pull_directory", nil)
		case co.UnboundUsers > 0:
			step("bind_users", nil)
		}
	}
	return co, steps, nil
}

// connection judges a corp's connection from its apps' last verifications:
// the most recently verified app speaks for the corp.
func connection(apps []*ent.App) *model.ConnectionHealth {
	h := &model.ConnectionHealth{Failed: []*detail.Capability{}}
	if len(apps) == 0 {
		h.Status = "NO_APP"
		return h
	}
	h.App = apps[0]
	for _, a := range apps {
		if a.VerifiedAt != nil && (h.App.VerifiedAt == nil || a.VerifiedAt.After(*h.App.VerifiedAt)) {
			h.App = a
		}
	}
	if h.App.VerifiedAt == nil {
		h.Status = "NOT_VERIFIED"
		return h
	}
	h.VerifiedAt = h.App.VerifiedAt
	h.Status = "OK"
	for i := range h.App.Verification {
		if c := h.App.Verification[i]; !c.OK {
			h.Failed = append(h.Failed, &c)
			h.Status = "FAILED"
		}
	}
	return h
}
