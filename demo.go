package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"imbridge/ent"
	entapp "imbridge/ent/app"
	"imbridge/ent/corp"
	"imbridge/ent/privacy"
	"imbridge/ent/seal"
	"imbridge/ent/syncrun"
	"imbridge/ent/tenant"
	"imbridge/ent/viewer"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
	feishusim "imbridge/platform/sim/feishu"
	volcanosim "imbridge/platform/sim/volcano"
	"imbridge/worker"
	"imbridge/worker/oaimport"
)

// The demo tenant: a Feishu corp whose API is the simulator mounted in this
// process under /sim/feishu, with a ~500-person organisation, and an OA
// directory that overlaps it the way real ones do: most people on both sides
// (same mobile and e-mail, different ids), some only on one side, a few
// departments named differently.
const (
	demoSlug       = "demo"
	demoSimPath    = "/sim/feishu"
	demoAppID      = "cli_demo_imbridge"
	demoAppSecret  = "demo-app-secret-not-for-production"
	demoEncryptKey = "demo-encrypt-key-0123456789"
	demoToken      = "demo-verification-token"
	demoSeed       = 2026
)

// demo is the simulator and the rows it is wired to.
type demo struct {
	sim   *feishusim.Server
	org   *feishusim.Org
	app   *ent.App
	corp  *ent.Corp
	tenID int
	oa    *demoOA // the stand-in OA's webhook receiver (demo_oa.go)
	// wecom is the demo's WeCom corp and its simulator (demo_wecom.go).
	wecom *demoWeCom
	login demoLogin // the demo OA's QR-code login (demo_login.go)
	// volcano is the Volcano livesaas simulator (demo_broadcast.go).
	volcano *volcanosim.Server
}

// newDemo builds the simulated organisation; it is deterministic, so the
// mirror stored by an earlier start still matches after a restart.
func newDemo() *demo {
	org := feishusim.Generate(feishusim.GenOptions{
		Name: "演示科技有限公司", TenantKey: "demo-tenant", Users: 500, Departments: 40, Depth: 3,
		PartTimeRatio: 0.15, ResignedRatio: 0.02, Seed: demoSeed,
	})
	sim := feishusim.New(feishusim.Config{Org: org, Apps: []feishusim.App{{
		ID: demoAppID, Secret: demoAppSecret, EncryptKey: demoEncryptKey, VerificationToken: demoToken,
	}}})
	return &demo{sim: sim, org: org, oa: newDemoOA(), wecom: newDemoWeCom(org), volcano: newDemoVolcano()}
}

// handler serves the simulator under demoSimPath. Its fault controls
// (slower answers, failed sends) are for whoever runs the demo: a super
// admin or the demo tenant's admin, by console session (the auth
// middleware runs first), from the console's own origin. Anyone else who
// reaches the demo could otherwise slow or fail its sends. The simulated
// API itself needs no session, as Feishu's does not.
func (d *demo) handler() http.Handler {
	sim := http.StripPrefix(demoSimPath, d.sim)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if feishusim.IsFaultControl(strings.TrimPrefix(r.URL.Path, demoSimPath)) {
			if code, why := d.mayControl(r); code != 0 {
				http.Error(w, why, code)
				return
			}
		}
		sim.ServeHTTP(w, r)
	})
}

// mayControl says why a request may not use the fault controls (0 when it may).
func (d *demo) mayControl(r *http.Request) (int, string) {
	v := viewer.FromContext(r.Context())
	if v == nil || v.Kind != viewer.KindAdmin {
		return http.StatusUnauthorized, "the simulator's fault controls need a console session"
	}
	if !v.IsSuperAdmin() && (v.Role != viewer.RoleTenantAdmin || v.TenantID != d.tenID) {
		return http.StatusForbidden, "the simulator's fault controls are for a super admin or the demo tenant's admin"
	}
	// The session cookie is SameSite=Lax: another port of this host is the
	// same site and would send it with a form.
	if o := r.Header.Get("Origin"); o != "" {
		if u, err := url.Parse(o); err != nil || u.Host != r.Host {
			return http.StatusForbidden, "the simulator's fault controls take requests from the console's own origin only"
		}
	}
	return 0, ""
}

// seed creates the demo tenant, its Feishu and WeCom corps, apps and the
// OA directory once.
func (d *demo) seed(ctx context.Context, db *ent.Client, sealer *seal.Sealer, log *slog.Logger) error {
	if err := d.seedFeishu(ctx, db, sealer, log); err != nil {
		return err
	}
	return d.wecom.seed(ctx, db, sealer, log, d.tenID)
}

func (d *demo) seedFeishu(ctx context.Context, db *ent.Client, sealer *seal.Sealer, log *slog.Logger) error {
	boot := privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "demo"}), privacy.Allow)
	t, err := db.Tenant.Query().Where(tenant.Slug(demoSlug)).Only(boot)
	if ent.IsNotFound(err) {
		t, err = db.Tenant.Create().SetName("Demo 演示企业").SetSlug(demoSlug).Save(boot)
		if ent.IsConstraintError(err) { // another process seeded it meanwhile
			t, err = db.Tenant.Query().Where(tenant.Slug(demoSlug)).Only(boot)
		}
	}
	if err != nil {
		return err
	}
	d.tenID = t.ID
	sys := viewer.System(ctx, "demo", t.ID)
	d.corp, err = db.Corp.Query().Where(corp.PlatformEQ(corp.PlatformFeishu)).First(sys)
	if err == nil {
		d.app, err = db.App.Query().Where(entapp.CorpID(d.corp.ID), entapp.AppID(demoAppID)).Only(sys)
		return err
	}
	if !ent.IsNotFound(err) {
		return err
	}
	tx, err := db.Tx(sys)
	if err != nil {
		return err
	}
	if err := d.create(ent.NewTxContext(sys, tx), tx.Client(), sealer); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	log.Info("seeded the demo tenant", "tenant", t.ID, "corp", d.corp.ID, "app", d.app.ID)
	return nil
}

func (d *demo) create(ctx context.Context, db *ent.Client, sealer *seal.Sealer) error {
	var err error
	d.corp, err = db.Corp.Create().SetName("演示科技（飞书模拟器）").SetPlatform(corp.PlatformFeishu).
		SetCorpID("demo-tenant").Save(ctx)
	if err != nil {
		return err
	}
	d.app, err = db.App.Create().SetCorpID(d.corp.ID).SetName("OA 集成应用").SetAppID(demoAppID).
		SetAppSecretSealed(sealer.Seal(entapp.FieldAppSecretSealed, demoAppSecret)).SetAppSecretHint(seal.Hint(demoAppSecret)).
		SetEncryptKeySealed(sealer.Seal(entapp.FieldEncryptKeySealed, demoEncryptKey)).SetEncryptKeyHint(seal.Hint(demoEncryptKey)).
		SetVerificationTokenSealed(sealer.Seal(entapp.FieldVerificationTokenSealed, demoToken)).SetVerificationTokenHint(seal.Hint(demoToken)).
		Save(ctx)
	if err != nil {
		return err
	}
	if err := db.SyncProfile.Create().SetCorpID(d.corp.ID).SetAppID(d.app.ID).Exec(ctx); err != nil {
		return err
	}
	if err := importOA(ctx, db, d.oaDirectory()); err != nil {
		return fmt.Errorf("importing the demo OA directory: %w", err)
	}
	return d.seedPushRules(ctx, db)
}

// oaDirectory derives the OA side from the simulated organisation: every
// department (one in seven named differently), 85% of the people with the
// same mobile and e-mail under OA ids, plus 30 people only the OA knows.
func (d *demo) oaDirectory() oaimport.Input {
	snap := d.org.Snapshot()
	in := oaimport.Input{Complete: true}
	code := map[string]string{}
	for i, dep := range snap.Departments {
		if dep.DepartmentID == feishusim.RootDepartmentID {
			continue
		}
		code[dep.DepartmentID] = fmt.Sprintf("OA-D%03d", i)
		name := dep.Name
		if i%7 == 3 && dep.ParentID != feishusim.RootDepartmentID { // top levels keep their names (seed 003 §4.3.2.2)
			name = strings.TrimSuffix(name, "部") + "事业部"
		}
		in.Departments = append(in.Departments, oaimport.Department{
			ExternalID: code[dep.DepartmentID], Name: name, ParentExternalID: code[dep.ParentID], Order: dep.Order,
		})
	}
	n := 0
	for i, u := range snap.Users {
		if u.Resigned || i%20 >= 17 { // 15% only in Feishu
			continue
		}
		n++
		ou := oaimport.User{
			ExternalID: fmt.Sprintf("OA-U%04d", n), Name: u.Name, Mobile: strings.TrimPrefix(u.Mobile, "+86"),
			Email: u.Email, EmployeeNo: u.EmployeeNo, Title: u.JobTitle,
		}
		for j, dep := range u.DepartmentIDs {
			if c, ok := code[dep]; ok {
				ou.Memberships = append(ou.Memberships, oaimport.Membership{DepartmentExternalID: c, Primary: j == 0})
			}
		}
		in.Users = append(in.Users, ou)
	}
	extra := oaimport.Generate(30, 1, demoSeed)
	for i, u := range extra.Users {
		u.ExternalID = fmt.Sprintf("OA-X%03d", i)
		u.Mobile = fmt.Sprintf("1990000%04d", i)
		u.Email = fmt.Sprintf("oa-only-%d@demo.example.com", i)
		u.Memberships = []oaimport.Membership{{DepartmentExternalID: in.Departments[i%len(in.Departments)].ExternalID, Primary: true}}
		in.Users = append(in.Users, u)
	}
	return in
}

// demoHost is the host:port at which this process reaches itself, and so
// the simulator: the listen address, with a wildcard host made loopback.
func demoHost(listenAddr string) string {
	if strings.HasPrefix(listenAddr, ":") || strings.HasPrefix(listenAddr, "[::]:") || strings.HasPrefix(listenAddr, "0.0.0.0:") {
		return "127.0.0.1" + listenAddr[strings.LastIndex(listenAddr, ":"):]
	}
	return listenAddr
}

// platformScope is the demo's platform allowance: the demo tenant's calls
// to the simulators this process serves at listenAddr, under policy (which
// allows that address); every other tenant's calls stay strict.
func (d *demo) platformScope(listenAddr string, policy *egress.Policy) *egress.Scope {
	root := "http://" + demoHost(listenAddr)
	return &egress.Scope{TenantID: d.tenID, Policy: policy,
		Prefixes: []string{root + demoSimPath, root + demoWeComSimPath, root + demoVolcanoSimPath}}
}

// start runs once the HTTP server listens: it points the demo corp at the
// simulator's address, subscribes the simulator's events to our callback,
// verifies the app and, on the first start, pulls the Feishu directory.
//
// The simulator is a plain-http host on this machine: platform calls reach
// it only because the operator setting IMBRIDGE_ALLOW_PRIVATE_PLATFORM_HOSTS
// lists it, or by default in demo mode (platformEgress) for the demo
// tenant's calls to the simulators only (platformScope). The demo app's
// secrets are entered again for the simulator's URL, which changes with the
// listen address.
func (d *demo) start(ctx context.Context, a *app, listenAddr string) error {
	if err := d.startFeishu(ctx, a, listenAddr); err != nil {
		return err
	}
	if err := d.wecom.start(ctx, a, demoHost(listenAddr), d.tenID); err != nil {
		return err
	}
	if err := d.startBroadcasts(ctx, a, demoHost(listenAddr)); err != nil {
		// The rest of the demo works without its broadcasts.
		a.log.Warn("seeding the demo broadcasts", "err", err)
	}
	go d.seedBroadcastPermission(context.WithoutCancel(ctx), a)
	return nil
}

func (d *demo) startFeishu(ctx context.Context, a *app, listenAddr string) error {
	sys := viewer.System(ctx, "demo", d.tenID)
	db := a.db.Client
	host := demoHost(listenAddr)
	if err := d.startOA(ctx, a, host); err != nil {
		a.log.Warn("starting the demo OA receiver", "err", err)
	}
	base := "http://" + host + demoSimPath
	var err error
	if d.corp, err = db.Corp.UpdateOne(d.corp).SetAPIBaseURL(base).Save(sys); err != nil {
		return err
	}
	sealer := a.platforms.Sealer
	if d.app, err = db.App.UpdateOne(d.app).
		SetAppSecretSealed(sealer.Seal(entapp.FieldAppSecretSealed, demoAppSecret)).SetAppSecretHint(seal.Hint(demoAppSecret)).
		SetEncryptKeySealed(sealer.Seal(entapp.FieldEncryptKeySealed, demoEncryptKey)).SetEncryptKeyHint(seal.Hint(demoEncryptKey)).
		SetVerificationTokenSealed(sealer.Seal(entapp.FieldVerificationTokenSealed, demoToken)).SetVerificationTokenHint(seal.Hint(demoToken)).
		SetSecretsBaseURL(appclient.BaseURL(d.corp)).
		Save(sys); err != nil {
		return err
	}
	d.sim.SetEventSubscription(demoAppID, fmt.Sprintf("http://%s/callback/feishu/%d", host, d.app.ID), demoEncryptKey, demoToken)
	d.sim.EnableClickForm(true)    // quick approval by hand in /sim/feishu/_messages
	d.sim.EnableFaultControl(true) // a browser test slows the demo to watch a pull (demo.spec.ts)
	if err := d.seedPushRules(sys, db); err != nil {
		return fmt.Errorf("the demo's push rules: %w", err)
	}
	go d.afterPull(context.WithoutCancel(ctx), a)
	if d.app, err = a.platforms.Verify(sys, db, d.app); err != nil {
		return fmt.Errorf("verifying the demo app: %w", err)
	}
	if demoSyncScript && a.worker != nil {
		go func() {
			if err := d.syncStory(context.WithoutCancel(ctx), a); err != nil {
				a.log.Warn("the demo's sync story stopped", "err", err)
			}
		}()
	}
	if err := d.startLogin(ctx, a, host); err != nil {
		a.log.Warn("starting the demo's QR-code login", "err", err)
	}
	pulled, err := db.SyncRun.Query().Where(syncrun.CorpID(d.corp.ID), syncrun.KindEQ(syncrun.KindImPull)).Exist(sys)
	if err != nil || pulled {
		return err
	}
	run, created, err := worker.StartPull(sys, db, d.corp.ID, syncrun.TriggerManual, "demo")
	if err != nil || !created {
		return err
	}
	return a.jobs.EnqueueRun(sys, worker.TypeIMPull, worker.QueueDefault, worker.RunPayload{TenantID: run.TenantID, RunID: run.ID})
}
