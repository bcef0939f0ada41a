package graph_test

import (
	"strings"
	"testing"

	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
)

const createCorp = `mutation($in: CreateCorpInput!) { createCorp(input: $in) { id name platform apiBaseURL } }`
const createApp = `mutation($in: CreateAppInput!) { createApp(input: $in) { id name appID appSecretSet appSecretHint encryptKeySet verificationTokenSet } }`

func TestAnonymousIsRefused(t *testing.T) {
	env := graphtest.New(t)
	code, _ := env.Anonymous().ErrCode(`{ corps { totalCount } }`, nil)
	if code != "UNAUTHENTICATED" {
		t.Fatalf("code = %s", code)
	}
}

func TestCorpAndAppSecretsAreWriteOnly(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	var c struct {
		CreateCorp struct{ ID, Name, Platform string }
	}
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "Acme 飞书", "apiBaseURL": "https://open.feishu.cn"}}, &c)
	const secret = "sk-very-secret-value-0123456789"
	var a struct {
		CreateApp struct {
			ID, AppSecretHint                                 string
			AppSecretSet, EncryptKeySet, VerificationTokenSet bool
		}
	}
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": c.CreateCorp.ID, "name": "OA", "appID": "cli_a1", "appSecret": secret, "encryptKey": "ek-0123456789abcdef"}}, &a)
	if !a.CreateApp.AppSecretSet || !a.CreateApp.EncryptKeySet || a.CreateApp.VerificationTokenSet {
		t.Fatalf("set flags wrong: %+v", a.CreateApp)
	}
	if a.CreateApp.AppSecretHint != "****6789" {
		t.Fatalf("hint = %q", a.CreateApp.AppSecretHint)
	}
	// The secret appears nowhere: not in any response, not in the audit log, not in logs.
	r := adm.Do(`{ apps { edges { node { id appSecretHint } } } auditEvents(first: 50) { edges { node { action summary } } } }`, nil)
	if strings.Contains(string(r.Data), secret) || strings.Contains(string(r.Data), "ek-0123456789abcdef") {
		t.Fatalf("secret returned: %s", r.Data)
	}
	if !strings.Contains(string(r.Data), "createApp") || !strings.Contains(string(r.Data), "[redacted]") {
		t.Fatalf("audit entry for createApp missing or not redacted: %s", r.Data)
	}
	if strings.Contains(env.Logs.String(), secret) {
		t.Fatal("secret written to the logs")
	}
	// Stored sealed, not in plaintext.
	var raw []byte
	if err := env.DB.SQL.QueryRow(`SELECT app_secret_sealed FROM apps`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), secret) {
		t.Fatal("secret stored in plaintext")
	}
}

func TestBadInputNamesTheField(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	code, e := adm.ErrCode(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "x", "apiBaseURL": "ftp://nope"}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.apiBaseURL" {
		t.Fatalf("got %s %+v", code, e)
	}
	code, e = adm.ErrCode(createCorp, map[string]any{"in": map[string]any{"platform": "msn", "name": "x"}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "in.platform" {
		t.Fatalf("unknown enum: got %s %+v", code, e)
	}
	code, e = adm.ErrCode(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": ""}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.name" {
		t.Fatalf("got %s %+v", code, e)
	}
}

func TestScopesAreEnforced(t *testing.T) {
	env := graphtest.New(t)
	tn, _, _ := env.Tenant("acme")
	reader := env.Token(tn.ID, "reader", viewer.ScopeRead)
	pusher := env.Token(tn.ID, "pusher", viewer.ScopePushWrite)
	if code, _ := reader.ErrCode(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "x"}}); code != "FORBIDDEN" {
		t.Fatalf("read token created a corp: %s", code)
	}
	if code, _ := pusher.ErrCode(`{ users { totalCount } }`, nil); code != "FORBIDDEN" {
		t.Fatalf("push token read users: %s", code)
	}
	reader.MustDo(`{ users { totalCount } }`, nil, nil)
	// Tokens never manage admins or tokens, whatever their scopes.
	if code, _ := reader.ErrCode(`mutation { createAPIToken(input: {name: "x", scopes: ["read"]}) { secret } }`, nil); code != "FORBIDDEN" {
		t.Fatalf("token minted a token: %s", code)
	}
}

func TestAPITokenShownOnceAndUsable(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	var out struct {
		CreateAPIToken struct {
			Secret   string
			APIToken struct{ ID, Prefix string }
		}
	}
	adm.MustDo(`mutation { createAPIToken(input: {name: "OA", scopes: ["read", "directory:write"]}) { secret apiToken { id prefix } } }`, nil, &out)
	if !strings.HasPrefix(out.CreateAPIToken.Secret, out.CreateAPIToken.APIToken.Prefix) {
		t.Fatalf("prefix %q does not start the secret", out.CreateAPIToken.APIToken.Prefix)
	}
	r := adm.Do(`{ apiTokens { edges { node { id name scopes prefix lastUsedAt } } } }`, nil)
	if strings.Contains(string(r.Data), out.CreateAPIToken.Secret) {
		t.Fatal("token secret readable after creation")
	}
	if code, e := adm.ErrCode(`mutation { createAPIToken(input: {name: "x", scopes: ["root"]}) { secret } }`, nil); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.scopes[0]" {
		t.Fatalf("unknown scope: %s %+v", code, e)
	}
}

func TestLoginThrottling(t *testing.T) {
	env := graphtest.New(t)
	env.Tenant("acme") // creates acme-admin
	status := func(pw string) int {
		resp, err := httpPost(env.Server.URL+"/auth/login", `{"username":"acme-admin","password":"`+pw+`"}`)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := 0; i < 5; i++ {
		if s := status("wrong-password"); s != 401 {
			t.Fatalf("attempt %d: %d", i, s)
		}
	}
	if s := status("wrong-password"); s != 429 {
		t.Fatalf("after 5 failures: %d, want 429", s)
	}
	// Even the right password is refused while throttled.
	if s := status("Correct-Horse-9"); s != 429 {
		t.Fatalf("right password while throttled: %d", s)
	}
}
