package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"imbridge/ent"
	entapp "imbridge/ent/app"
	"imbridge/ent/corp"
	"imbridge/ent/seal"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/platform/appclient"
	feishusim "imbridge/platform/sim/feishu"
	wecomsim "imbridge/platform/sim/wecom"
	"imbridge/worker"
)

// The demo's WeCom corp: the same company as the Feishu demo (a subsidiary
// on WeCom would look the same), served by the WeCom simulator mounted
// under /sim/wecom. Its members are the Feishu demo's current people with
// the same userids, names, mobiles and e-mails, so both corps bind to the
// same OA people.
const (
	demoWeComSimPath = "/sim/wecom"
	demoCorpID       = "wwdemo0000imbridge"
	demoAgentID      = "1000002"
	demoWeComSecret  = "demo-wecom-secret-not-for-production"
	demoWeComToken   = "demoWeComCallbackToken"
	// demoWeComAESKey: 43 letters and digits, as WeCom generates them.
	demoWeComAESKey = "demoWeComEncodingAESKey0123456789abcdefghij"
)

type demoWeCom struct {
	sim  *wecomsim.Server
	corp *ent.Corp
	app  *ent.App
}

// newDemoWeCom mirrors the Feishu demo organisation into a WeCom one:
// departments keep their tree (Feishu's root is WeCom's id 1), current
// users keep their user_id as userid.
func newDemoWeCom(fs *feishusim.Org) *demoWeCom {
	snap := fs.Snapshot()
	org := wecomsim.NewOrg("演示科技有限公司", demoCorpID)
	ids := map[string]int{feishusim.RootDepartmentID: 1}
	for _, d := range snap.Departments {
		if d.DepartmentID == feishusim.RootDepartmentID {
			continue
		}
		ids[d.DepartmentID] = org.AddDepartment(wecomsim.Department{Name: d.Name, ParentID: ids[d.ParentID], Order: d.Order})
	}
	for _, u := range snap.Users {
		if u.Resigned {
			continue
		}
		wu := wecomsim.User{UserID: u.UserID, Name: u.Name, Mobile: strings.TrimPrefix(u.Mobile, "+86"), Email: u.Email,
			Position: u.JobTitle, Gender: fmt.Sprint(u.Gender), Status: 1, Enable: 1, EmployeeNo: u.EmployeeNo}
		if u.Frozen {
			wu.Status, wu.Enable = 2, 0
		}
		for _, d := range u.DepartmentIDs {
			wu.Departments = append(wu.Departments, ids[d])
		}
		org.AddUser(wu)
	}
	sim := wecomsim.New(wecomsim.Config{Org: org, Apps: []wecomsim.App{{AgentID: 1000002, Secret: demoWeComSecret, Living: true}}})
	return &demoWeCom{sim: sim}
}

func (w *demoWeCom) handler() http.Handler { return http.StripPrefix(demoWeComSimPath, w.sim) }

// seed creates the WeCom corp and its app once.
func (w *demoWeCom) seed(ctx context.Context, db *ent.Client, sealer *seal.Sealer, log *slog.Logger, tenantID int) error {
	sys := viewer.System(ctx, "demo", tenantID)
	var err error
	w.corp, err = db.Corp.Query().Where(corp.PlatformEQ(corp.PlatformWecom)).First(sys)
	if err == nil {
		w.app, err = db.App.Query().Where(entapp.CorpID(w.corp.ID), entapp.AppID(demoAgentID)).Only(sys)
		return err
	}
	if !ent.IsNotFound(err) {
		return err
	}
	if w.corp, err = db.Corp.Create().SetName("演示科技（企业微信模拟器）").SetPlatform(corp.PlatformWecom).
		SetCorpID(demoCorpID).Save(sys); err != nil {
		return err
	}
	if w.app, err = db.App.Create().SetCorpID(w.corp.ID).SetName("OA 集成应用（企业微信）").SetAppID(demoAgentID).Save(sys); err != nil {
		return err
	}
	log.Info("seeded the demo WeCom corp", "corp", w.corp.ID, "app", w.app.ID)
	return nil
}

// start points the corp at the simulator, enters the app's Secret, Token
// and EncodingAESKey for that URL, sets the simulator's callback to
// /callback/wecom/{app}, verifies the app and, on the first start, pulls
// the WeCom directory.
func (w *demoWeCom) start(ctx context.Context, a *app, host string, tenantID int) error {
	sys := viewer.System(ctx, "demo", tenantID)
	db := a.db.Client
	var err error
	if w.corp, err = db.Corp.UpdateOne(w.corp).SetAPIBaseURL("http://" + host + demoWeComSimPath).Save(sys); err != nil {
		return err
	}
	sealer := a.platforms.Sealer
	if w.app, err = db.App.UpdateOne(w.app).
		SetAppSecretSealed(sealer.Seal(entapp.FieldAppSecretSealed, demoWeComSecret)).SetAppSecretHint(seal.Hint(demoWeComSecret)).
		SetEncryptKeySealed(sealer.Seal(entapp.FieldEncryptKeySealed, demoWeComAESKey)).SetEncryptKeyHint(seal.Hint(demoWeComAESKey)).
		SetVerificationTokenSealed(sealer.Seal(entapp.FieldVerificationTokenSealed, demoWeComToken)).SetVerificationTokenHint(seal.Hint(demoWeComToken)).
		SetSecretsBaseURL(appclient.BaseURL(w.corp)).
		Save(sys); err != nil {
		return err
	}
	w.sim.SetCallback(demoWeComSecret, fmt.Sprintf("http://%s/callback/wecom/%d", host, w.app.ID), demoWeComToken, demoWeComAESKey)
	if w.app, err = a.platforms.Verify(sys, db, w.app); err != nil {
		return fmt.Errorf("verifying the demo WeCom app: %w", err)
	}
	pulled, err := db.SyncRun.Query().Where(syncrun.CorpID(w.corp.ID), syncrun.KindEQ(syncrun.KindImPull)).Exist(sys)
	if err != nil || pulled {
		return err
	}
	run, created, err := worker.StartPull(sys, db, w.corp.ID, syncrun.TriggerManual, "demo")
	if err != nil || !created {
		return err
	}
	return a.jobs.EnqueueRun(sys, worker.TypeIMPull, worker.QueueDefault, worker.RunPayload{TenantID: run.TenantID, RunID: run.ID})
}
