package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/robfig/cron/v3"

	"imbridge/ent"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/graph/model"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
	"imbridge/worker"
)

// appSetup builds the values to paste into the platform's developer console.
// The path segment is the app's global id: stable, and unique across tenants.
func appSetup(public string, a *ent.App) *model.AppSetup {
	base := strings.TrimRight(public, "/")
	id := fmt.Sprint(a.ID)
	approval := base + appclient.ApprovalCallbackPath(a.ID)
	return &model.AppSetup{
		EventRequestURL: base + "/callback/feishu/" + id,
		// One callback for every Feishu app (graph/sso): the flow's state
		// says which corp and app it is for.
		OauthRedirectURL: base + "/sso/feishu/callback",
		HomepageURL:      base + "/sso/feishu/" + id + "/home",
		// Registered by the bridge itself with the approval definition.
		ApprovalCallbackURL: &approval,
	}
}

// verifyApp probes the app on its platform and stores the outcome.
func (r *Resolver) verifyApp(ctx context.Context, id int) (*ent.App, error) {
	db := r.db(ctx)
	a, err := db.App.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	a, err = r.Platforms.Verify(ctx, db, a)
	var refused *egress.Error
	switch {
	case errors.Is(err, appclient.ErrNoSecret):
		return nil, badInputReason("id", "no_secret", "set the app secret before verifying the app")
	case errors.Is(err, appclient.ErrNoCorpID):
		return nil, badInput("id", err.Error())
	case errors.Is(err, appclient.ErrSecretsForOtherURL):
		return nil, badInputReason("id", "secrets_other_url", err.Error())
	case errors.As(err, &refused):
		return nil, badInputReason("id", "egress_refused", "the corp's API base URL: "+refused.Reason)
	}
	return a, err
}

// checkSyncProfile validates a profile's app (it must belong to the corp)
// and schedule (a cron expression the scheduler accepts).
func (r *Resolver) checkSyncProfile(ctx context.Context, corpID, appID *int, schedule *string) error {
	if appID != nil {
		a, err := r.db(ctx).App.Get(ctx, *appID)
		if err != nil || a.CorpID != *corpID {
			return badInput("input.appID", "must be an app of the corp")
		}
	}
	if schedule != nil && *schedule != "" {
		if _, err := cron.ParseStandard(*schedule); err != nil {
			return badInput("input.schedule", "not a valid cron expression (5 fields such as \"0 */6 * * *\", or @every 1h): "+err.Error())
		}
	}
	return nil
}

// pullDirectory queues a mirror of the corp's IM directory, or returns the
// one already queued or running.
func (r *Resolver) pullDirectory(ctx context.Context, corpID int) (*ent.SyncRun, error) {
	db := r.db(ctx)
	if _, err := db.Corp.Get(ctx, corpID); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	trigger := syncrun.TriggerManual
	if v.Kind == viewer.KindToken {
		trigger = syncrun.TriggerAPI
	}
	run, created, err := worker.StartPull(ctx, db, corpID, trigger, v.Actor())
	if err != nil || !created {
		return run, err
	}
	if err := r.Jobs.EnqueueRunAfterCommit(ctx, worker.TypeIMPull, worker.QueueDefault, worker.RunPayload{TenantID: run.TenantID, RunID: run.ID}); err != nil {
		return nil, err
	}
	return run, nil
}
