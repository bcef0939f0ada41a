package worker

import (
	"context"
	"testing"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/seal"
	"imbridge/ent/syncrun"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	"imbridge/worker/broker"
)

// pullFixture is a Feishu corp whose app reaches a simulator, and a pull
// of it waiting for a worker: the job's task and the platforms to run it.
type pullFixture struct {
	corp      *ent.Corp
	run       *ent.SyncRun
	task      *asynq.Task
	platforms *appclient.Factory
}

// newPullFixture seeds the corp and app (secret sealed) of tenant
// tenantID in ctx, its API at baseURL, and a pull run; the platforms
// factory lifts the rate limits of the APIs a pull calls.
func newPullFixture(t *testing.T, ctx context.Context, db *ent.Client, b *broker.Broker, tenantID int, baseURL, appID, secret string) pullFixture {
	t.Helper()
	sealer, err := seal.New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	c := db.Corp.Create().SetName("Acme").SetPlatform("feishu").SetAPIBaseURL(baseURL).SaveX(ctx)
	db.App.Create().SetCorpID(c.ID).SetName("OA").SetAppID(appID).
		SetAppSecretSealed(sealer.Seal(app.FieldAppSecretSealed, secret)).SetSecretsBaseURL(appclient.BaseURL(c)).ExecX(ctx)
	limits := map[string][]ratelimit.Limit{}
	for _, api := range []string{feishu.APIChildren, feishu.APIFindByDepartment, feishu.APIGetDepartment, feishu.APIGetUser, feishu.APIListScopes} {
		limits[api] = []ratelimit.Limit{}
	}
	platforms := &appclient.Factory{Sealer: sealer, Broker: b, Egress: egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")}), Limits: limits}
	run := db.SyncRun.Create().SetCorpID(c.ID).SetKind(syncrun.KindImPull).SaveX(ctx)
	task, err := newRunTask(TypeIMPull, RunPayload{TenantID: tenantID, RunID: run.ID})
	if err != nil {
		t.Fatal(err)
	}
	return pullFixture{corp: c, run: run, task: task, platforms: platforms}
}
