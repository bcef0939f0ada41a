package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"imbridge/ent"
	entapp "imbridge/ent/app"
	"imbridge/ent/corp"
	"imbridge/ent/privacy"
	"imbridge/ent/seal"
	"imbridge/ent/tenant"
	"imbridge/ent/viewer"
	"imbridge/graph/auth"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
)

// consoleCaller sends GraphQL requests to a started process as its super
// admin, in a tenant when set (X-Imbridge-Tenant, a global id).
type consoleCaller struct {
	t      *testing.T
	base   string
	cookie string
	tenant string
}

func loginAsSuperAdmin(t *testing.T, a *app) *consoleCaller {
	t.Helper()
	return loginAs(t, a, auth.BootstrapUsername, a.cfg.AdminPassword)
}

// loginAs signs in to a started process's console as one admin.
func loginAs(t *testing.T, a *app, username, password string) *consoleCaller {
	t.Helper()
	base := "http://" + a.addr
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)
	resp, err := http.Post(base+"/auth/login", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == auth.CookieName {
			return &consoleCaller{t: t, base: base, cookie: c.Name + "=" + c.Value}
		}
	}
	t.Fatalf("login: %d, no session cookie", resp.StatusCode)
	return nil
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

func (c *consoleCaller) do(query string, vars map[string]any) (json.RawMessage, []gqlError) {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.base+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", c.cookie)
	if c.tenant != "" {
		req.Header.Set("X-Imbridge-Tenant", c.tenant)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		c.t.Fatalf("decoding /query: %d %v", resp.StatusCode, err)
	}
	return out.Data, out.Errors
}

// tenantID is the global id of the tenant with slug.
func (c *consoleCaller) tenantID(slug string) string {
	c.t.Helper()
	data, errs := c.do(`query($s: String!) { tenants(where: {slug: $s}) { edges { node { id } } } }`, map[string]any{"s": slug})
	var out struct {
		Tenants struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	if err := json.Unmarshal(data, &out); err != nil || len(errs) > 0 || len(out.Tenants.Edges) != 1 {
		c.t.Fatalf("tenant %s: %s %+v", slug, data, errs)
	}
	return out.Tenants.Edges[0].Node.ID
}

// createCorp creates a corp in the caller's tenant and returns its global
// id ("" and the errors when refused).
func (c *consoleCaller) createCorp(in map[string]any) (string, []gqlError) {
	data, errs := c.do(`mutation($in: CreateCorpInput!) { createCorp(input: $in) { id } }`, map[string]any{"in": in})
	var out struct{ CreateCorp struct{ ID string } }
	_ = json.Unmarshal(data, &out)
	return out.CreateCorp.ID, errs
}

// refusedAsPrivate fails unless errs is one BAD_USER_INPUT on field saying
// the normal private-host rule.
func refusedAsPrivate(t *testing.T, what string, errs []gqlError, field string) {
	t.Helper()
	if len(errs) != 1 || errs[0].Extensions["code"] != "BAD_USER_INPUT" || errs[0].Extensions["field"] != field ||
		!strings.Contains(errs[0].Message, egress.Setting) {
		t.Fatalf("%s: want BAD_USER_INPUT on %s naming %s, got %+v", what, field, egress.Setting, errs)
	}
}

// The demo's private-address allowance is the demo tenant's: another
// tenant that points a corp of each platform (Feishu, WeCom, the Volcano
// account) at the demo server's simulators is refused when saving, and a
// corp stored there behind the check's back is refused when used, even
// with the demo's real credentials. The demo tenant keeps working.
func TestDemoAllowanceIsTheDemoTenants(t *testing.T) {
	demoSyncScript = false
	defer func() { demoSyncScript = true }()
	a := startDemo(t)
	ctx := context.Background()
	root := "http://" + demoHost(a.addr)
	feishuURL, wecomURL, volcanoURL := root+demoSimPath, root+demoWeComSimPath, root+demoVolcanoSimPath

	admin := loginAsSuperAdmin(t, a)
	data, errs := admin.do(`mutation { createTenant(input: {name: "Globex", slug: "globex"}) { id } }`, nil)
	var tn struct{ CreateTenant struct{ ID string } }
	if err := json.Unmarshal(data, &tn); err != nil || len(errs) > 0 || tn.CreateTenant.ID == "" {
		t.Fatalf("createTenant: %s %+v", data, errs)
	}
	other := *admin
	other.tenant = tn.CreateTenant.ID

	// Saving: each platform's URL field is refused with the normal rule.
	_, errs = other.createCorp(map[string]any{"platform": "feishu", "name": "冒充飞书", "apiBaseURL": feishuURL})
	refusedAsPrivate(t, "another tenant's Feishu corp", errs, "input.apiBaseURL")
	_, errs = other.createCorp(map[string]any{"platform": "wecom", "name": "冒充企微", "apiBaseURL": wecomURL, "corpID": demoCorpID})
	refusedAsPrivate(t, "another tenant's WeCom corp", errs, "input.apiBaseURL")
	id, errs := other.createCorp(map[string]any{"platform": "feishu", "name": "公网飞书"})
	if len(errs) > 0 {
		t.Fatalf("another tenant's Feishu corp on the default URL: %+v", errs)
	}
	_, errs = other.do(`mutation($id: ID!, $in: UpdateCorpInput!) { updateCorp(id: $id, input: $in) { id } }`,
		map[string]any{"id": id, "in": map[string]any{"apiBaseURL": feishuURL}})
	refusedAsPrivate(t, "another tenant's corp moved to the simulator", errs, "input.apiBaseURL")
	_, errs = other.do(`mutation($id: ID!, $in: VolcanoKeysInput!) { setVolcanoKeys(corpID: $id, input: $in) { id } }`,
		map[string]any{"id": id, "in": map[string]any{"baseURL": volcanoURL, "accessKeyID": demoVolcanoAK, "secretAccessKey": demoVolcanoSK}})
	refusedAsPrivate(t, "another tenant's Volcano account", errs, "input.baseURL")

	// The demo tenant may save the simulators' URLs.
	demoAdmin := *admin
	demoAdmin.tenant = admin.tenantID(demoSlug)
	if _, errs := demoAdmin.createCorp(map[string]any{"platform": "feishu", "name": "演示第二飞书", "apiBaseURL": feishuURL}); len(errs) > 0 {
		t.Fatalf("the demo tenant's Feishu corp at the simulator: %+v", errs)
	}
	if _, errs := demoAdmin.createCorp(map[string]any{"platform": "wecom", "name": "演示第二企微", "apiBaseURL": wecomURL, "corpID": demoCorpID}); len(errs) > 0 {
		t.Fatalf("the demo tenant's WeCom corp at the simulator: %+v", errs)
	}
	// ...but not the server's other paths.
	_, errs = demoAdmin.createCorp(map[string]any{"platform": "feishu", "name": "自身接口", "apiBaseURL": root + "/auth"})
	refusedAsPrivate(t, "the demo tenant's corp at another path of the server", errs, "input.apiBaseURL")

	// Using: corps stored at the simulators for another tenant, with the
	// demo's own credentials, reach nothing.
	db := a.db.Client
	boot := privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "test"}), privacy.Allow)
	g, err := db.Tenant.Query().Where(tenant.Slug("globex")).Only(boot)
	if err != nil {
		t.Fatal(err)
	}
	sys := viewer.System(ctx, "test", g.ID)
	sealer := a.platforms.Sealer
	fc := db.Corp.Create().SetName("旧飞书").SetPlatform(corp.PlatformFeishu).SetAPIBaseURL(feishuURL).
		SetVolcanoBaseURL(appclient.NormalizeURL(volcanoURL)).
		SetVolcanoAccessKeyIDSealed(sealer.Seal(corp.FieldVolcanoAccessKeyIDSealed, demoVolcanoAK)).
		SetVolcanoSecretAccessKeySealed(sealer.Seal(corp.FieldVolcanoSecretAccessKeySealed, demoVolcanoSK)).SaveX(sys)
	fa := storedApp(sys, db, sealer, fc, demoAppID, demoAppSecret)
	wc := db.Corp.Create().SetName("旧企微").SetPlatform(corp.PlatformWecom).SetCorpID(demoCorpID).SetAPIBaseURL(wecomURL).SaveX(sys)
	wa := storedApp(sys, db, sealer, wc, demoAgentID, demoWeComSecret)

	feishuClient, err := a.platforms.Feishu(fa, fc)
	if err != nil {
		t.Fatal(err)
	}
	_, err = feishuClient.TenantAccessToken(ctx)
	refusedOnUse(t, "another tenant's stored Feishu corp", err)
	wecomClient, err := a.platforms.WeCom(wa, wc)
	if err != nil {
		t.Fatal(err)
	}
	_, err = wecomClient.Token(ctx)
	refusedOnUse(t, "another tenant's stored WeCom corp", err)
	volcanoClient, err := a.platforms.Volcano(fc)
	if err != nil {
		t.Fatal(err)
	}
	_, err = volcanoClient.GetActivity(ctx, 1)
	refusedOnUse(t, "another tenant's stored Volcano account", err)

	// The demo tenant's own corps still reach their simulators.
	dsys := viewer.System(ctx, "test", a.demo.tenID)
	demoCorp := db.Corp.GetX(dsys, a.demo.corp.ID)
	demoApp := db.App.GetX(dsys, a.demo.app.ID)
	if c, err := a.platforms.Feishu(demoApp, demoCorp); err != nil {
		t.Fatal(err)
	} else if _, err := c.TenantAccessToken(ctx); err != nil {
		t.Fatalf("the demo's Feishu corp: %v", err)
	}
	if c, err := a.platforms.WeCom(db.App.GetX(dsys, a.demo.wecom.app.ID), db.Corp.GetX(dsys, a.demo.wecom.corp.ID)); err != nil {
		t.Fatal(err)
	} else if _, err := c.Token(ctx); err != nil {
		t.Fatalf("the demo's WeCom corp: %v", err)
	}
	if c, err := a.platforms.Volcano(demoCorp); err != nil {
		t.Fatal(err)
	} else if _, err := c.GetActivity(ctx, 1); err != nil && isRefusal(err) {
		t.Fatalf("the demo's Volcano account was refused: %v", err)
	}
}

// storedApp stores an app with secrets entered for its corp's URL, as if
// saved before the check existed.
func storedApp(ctx context.Context, db *ent.Client, sealer *seal.Sealer, c *ent.Corp, appID, secret string) *ent.App {
	return db.App.Create().SetCorpID(c.ID).SetName("旧应用").SetAppID(appID).
		SetAppSecretSealed(sealer.Seal(entapp.FieldAppSecretSealed, secret)).SetAppSecretHint(seal.Hint(secret)).
		SetSecretsBaseURL(appclient.BaseURL(c)).SaveX(ctx)
}

func isRefusal(err error) bool {
	var refused *egress.Error
	return errors.As(err, &refused)
}

// refusedOnUse fails unless err is the egress refusal of a private,
// plain-http address naming the operator setting.
func refusedOnUse(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil || !isRefusal(err) || !strings.Contains(err.Error(), egress.Setting) {
		t.Fatalf("%s: want the egress refusal naming %s, got %v", what, egress.Setting, err)
	}
}
