package graph_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	"imbridge/platform/egress"
	feishusim "imbridge/platform/sim/feishu"
)

// dnsTable resolves names from a table; others do not exist.
type dnsTable map[string]string

func (d dnsTable) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	a, ok := d[strings.ToLower(host)]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []netip.Addr{netip.MustParseAddr(a)}, nil
}

var testDNS = dnsTable{
	"open.feishu.cn":      "101.37.1.1",
	"open.larksuite.com":  "101.37.2.2",
	"localhost":           "127.0.0.1",
	"intranet.example":    "10.1.2.3",
	"metadata.example":    "169.254.169.254",
	"feishu.corp.example": "10.9.9.9",
}

const updateCorp = `mutation($id: ID!, $in: UpdateCorpInput!) { updateCorp(id: $id, input: $in) { id apiBaseURL } }`
const updateApp = `mutation($id: ID!, $in: UpdateAppInput!) { updateApp(id: $id, input: $in) { id appID appSecretSet encryptKeySet verificationTokenSet verifiedAt } }`

// A corp's base URL is https to a public host; the rule is named in the
// error, and a refused update changes nothing.
func TestBaseURLMustBePublicHTTPS(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{Egress: egress.New(egress.Params{Resolver: testDNS})})
	_, adm, _ := env.Tenant("acme")
	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "ok", "apiBaseURL": "https://open.feishu.cn"}}, &c)
	refused := []struct{ url, rule string }{
		{"http://open.feishu.cn", "https"},
		{"https://admin:hunter2@open.feishu.cn", "user name or password"},
		{"https://169.254.169.254", "link-local"},
		{"https://10.0.0.1:6379", "private"},
		{"https://localhost:8080", "loopback"},
		{"https://[::ffff:127.0.0.1]", "loopback"},
		{"https://100.64.1.1", "carrier-grade NAT"},
		{"https://intranet.example", "intranet.example resolves to 10.1.2.3"},
		{"https://metadata.example/latest", "link-local"},
		{"https://open.feishu.cn/?x=1", "query"},
	}
	for _, r := range refused {
		for _, op := range []struct {
			q    string
			vars map[string]any
		}{
			{createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "x", "apiBaseURL": r.url}}},
			{updateCorp, map[string]any{"id": c.CreateCorp.ID, "in": map[string]any{"apiBaseURL": r.url}}},
		} {
			code, e := adm.ErrCode(op.q, op.vars)
			if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.apiBaseURL" || !strings.Contains(e.Message, r.rule) {
				t.Errorf("%s: got %s %q, want BAD_USER_INPUT on input.apiBaseURL about %q", r.url, code, e.Message, r.rule)
			}
			if strings.Contains(e.Message, "hunter2") {
				t.Errorf("the error repeats the password: %s", e.Message)
			}
		}
	}
	var corps struct{ Corps struct{ TotalCount int } }
	adm.MustDo(`{ corps { totalCount } }`, nil, &corps)
	var url string
	if err := env.DB.SQL.QueryRow(`SELECT api_base_url FROM corps WHERE id = $1`, c.CreateCorp.ID).Scan(&url); err != nil || url != "https://open.feishu.cn" || corps.Corps.TotalCount != 1 {
		t.Fatalf("refused writes changed something: url %q, %d corps, %v", url, corps.Corps.TotalCount, err)
	}
}

// The operator's allow list admits private hosts, over http too.
func TestOperatorAllowsPrivateHosts(t *testing.T) {
	allow := egress.MustParseAllowList("feishu.corp.example,10.20.0.0/16")
	env := graphtest.New(t, graphtest.Options{Egress: egress.New(egress.Params{Resolver: testDNS, Allow: allow})})
	_, adm, _ := env.Tenant("acme")
	for _, u := range []string{"https://feishu.corp.example", "http://feishu.corp.example:8080", "http://10.20.1.1/open"} {
		if r := adm.Do(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": u, "apiBaseURL": u}}); len(r.Errors) > 0 {
			t.Errorf("%s: %+v", u, r.Errors)
		}
	}
	if code, _ := adm.ErrCode(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "x", "apiBaseURL": "https://intranet.example"}}); code != "BAD_USER_INPUT" {
		t.Errorf("a private host outside the list: %s", code)
	}
}

type appState struct {
	ID, AppID                                         string
	AppSecretSet, EncryptKeySet, VerificationTokenSet bool
	VerifiedAt                                        *string
}

func readApp(t *testing.T, adm *graphtest.Caller, id string) appState {
	t.Helper()
	var out struct{ Node appState }
	adm.MustDo(`query($id: ID!) { node(id: $id) { ... on App { id appID appSecretSet encryptKeySet verificationTokenSet verifiedAt } } }`, map[string]any{"id": id}, &out)
	return out.Node
}

func allSet(a appState) bool  { return a.AppSecretSet && a.EncryptKeySet && a.VerificationTokenSet }
func noneSet(a appState) bool { return !a.AppSecretSet && !a.EncryptKeySet && !a.VerificationTokenSet }

// Changing where a corp's calls go clears its apps' secrets and their
// verification; a new spelling of the same URL does not.
func TestChangingTheBaseURLClearsSecrets(t *testing.T) {
	env := graphtest.New(t)
	ten, adm, _ := env.Tenant("acme")
	sim := feishusim.New(feishusim.Config{Apps: []feishusim.App{{ID: "cli_move", Secret: "right-secret"}}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	corpID, appID := feishuCorp(t, adm, srv.URL, "cli_move", "right-secret")
	adm.MustDo(updateApp, map[string]any{"id": appID, "in": map[string]any{"encryptKey": "ek-0123456789", "verificationToken": "vt-0123456789"}}, nil)
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { id } }`, map[string]any{"id": appID}, nil)
	if a := readApp(t, adm, appID); !allSet(a) || a.VerifiedAt == nil {
		t.Fatalf("setup: %+v", a)
	}
	// The same URL, spelled differently: nothing changes.
	same := strings.Replace(srv.URL, "http://", "HTTP://", 1) + "/"
	adm.MustDo(updateCorp, map[string]any{"id": corpID, "in": map[string]any{"apiBaseURL": same, "name": "renamed"}}, nil)
	if a := readApp(t, adm, appID); !allSet(a) || a.VerifiedAt == nil {
		t.Fatalf("same URL cleared the secrets: %+v", a)
	}
	// The app's approval definition and its callback keys (push targets of
	// type approval) belong to the old host too.
	sys := viewer.System(context.Background(), "test", ten.ID)
	rowID := atoi(t, appID)
	env.Client.App.UpdateOneID(rowID).SetApprovalCallbackTokenSealed([]byte("sealed-token")).
		SetApprovalCallbackKeySealed([]byte("sealed-key")).SetApprovalDefinitionCode("DEF-OLD-HOST").ExecX(sys)
	// Another host (another port of this machine here).
	other := httptest.NewServer(sim)
	defer other.Close()
	adm.MustDo(updateCorp, map[string]any{"id": corpID, "in": map[string]any{"apiBaseURL": other.URL}}, nil)
	if a := readApp(t, adm, appID); !noneSet(a) || a.VerifiedAt != nil {
		t.Fatalf("new URL kept the secrets: %+v", a)
	}
	if a := env.Client.App.GetX(sys, rowID); len(a.ApprovalCallbackTokenSealed) > 0 || len(a.ApprovalCallbackKeySealed) > 0 || a.ApprovalDefinitionCode != "" {
		t.Fatalf("new URL kept the approval definition or its keys: %q", a.ApprovalDefinitionCode)
	}
	code, e := adm.ErrCode(`mutation($id: ID!) { verifyApp(id: $id) { id } }`, map[string]any{"id": appID})
	if code != "BAD_USER_INPUT" || !strings.Contains(e.Message, "app secret") {
		t.Fatalf("verify without secret: %s %q", code, e.Message)
	}
	// Entered again, for the new URL: it works there.
	adm.MustDo(updateApp, map[string]any{"id": appID, "in": map[string]any{"appSecret": "right-secret"}}, nil)
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { id } }`, map[string]any{"id": appID}, nil)
	// Back to the platform's default URL: cleared again.
	adm.MustDo(updateCorp, map[string]any{"id": corpID, "in": map[string]any{"clearAPIBaseURL": true}}, nil)
	if a := readApp(t, adm, appID); a.AppSecretSet {
		t.Fatalf("clearing the URL kept the secret: %+v", a)
	}
}

// A new App ID clears the secrets of the old one, unless given anew in the
// same input.
func TestChangingTheAppIDClearsSecrets(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	_, appID := feishuCorp(t, adm, "http://127.0.0.1:9", "cli_one", "secret-one-0123")
	adm.MustDo(updateApp, map[string]any{"id": appID, "in": map[string]any{"encryptKey": "ek-0123456789", "verificationToken": "vt-0123456789"}}, nil)
	adm.MustDo(updateApp, map[string]any{"id": appID, "in": map[string]any{"appID": " cli_one ", "name": "same id"}}, nil)
	if a := readApp(t, adm, appID); !allSet(a) {
		t.Fatalf("same app id cleared the secrets: %+v", a)
	}
	adm.MustDo(updateApp, map[string]any{"id": appID, "in": map[string]any{"appID": "cli_two"}}, nil)
	if a := readApp(t, adm, appID); !noneSet(a) || a.AppID != "cli_two" {
		t.Fatalf("new app id kept the secrets: %+v", a)
	}
	adm.MustDo(updateApp, map[string]any{"id": appID, "in": map[string]any{"encryptKey": "ek-0123456789", "verificationToken": "vt-0123456789"}}, nil)
	adm.MustDo(updateApp, map[string]any{"id": appID, "in": map[string]any{"appID": "cli_three", "appSecret": "secret-three-0123"}}, nil)
	if a := readApp(t, adm, appID); !a.AppSecretSet || a.EncryptKeySet || a.VerificationTokenSet {
		t.Fatalf("new app id with a new secret: %+v", a)
	}
}

// Defence in depth: a base URL changed behind the API's back (a direct
// database write, a restored backup) does not get the secret.
func TestSecretIsOnlySentWhereItWasEntered(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	sim := feishusim.New(feishusim.Config{Apps: []feishusim.App{{ID: "cli_stay", Secret: "right-secret"}}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	var hits atomic.Int64
	elsewhere := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer elsewhere.Close()
	corpID, appID := feishuCorp(t, adm, srv.URL, "cli_stay", "right-secret")
	if _, err := env.DB.SQL.Exec(`UPDATE corps SET api_base_url = $1 WHERE id = $2`, elsewhere.URL, corpID); err != nil {
		t.Fatal(err)
	}
	code, e := adm.ErrCode(`mutation($id: ID!) { verifyApp(id: $id) { id } }`, map[string]any{"id": appID})
	if code != "BAD_USER_INPUT" || !strings.Contains(e.Message, "entered for another API base URL") || hits.Load() != 0 {
		t.Fatalf("got %s %q, %d requests to the other host", code, e.Message, hits.Load())
	}
	// A stored URL the rules now refuse (written before them, or the
	// operator's list changed) is refused when called, with the rule.
	if _, err := env.DB.SQL.Exec(`UPDATE corps SET api_base_url = $1 WHERE id = $2`, "http://10.0.0.1:6379", corpID); err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.SQL.Exec(`UPDATE apps SET secrets_base_url = $1 WHERE id = $2`, "http://10.0.0.1:6379", appID); err != nil {
		t.Fatal(err)
	}
	code, e = adm.ErrCode(`mutation($id: ID!) { verifyApp(id: $id) { id } }`, map[string]any{"id": appID})
	if code != "BAD_USER_INPUT" || !strings.Contains(e.Message, "the corp's API base URL: the URL must use https") {
		t.Fatalf("got %s %q", code, e.Message)
	}
}

// What a host answers is stored and shown as code, bounded message and
// log id; a non-platform answer as "not a Feishu API response".
func TestVerifyAppStoresOnlyBoundedAnswers(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	const leak = "internal-db-password-hunter2"
	answer := atomic.Value{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, answer.Load().(string))
	}))
	defer srv.Close()
	_, appID := feishuCorp(t, adm, srv.URL, "cli_hostile", "the-secret-0123")
	const verify = `mutation($id: ID!) { verifyApp(id: $id) { verification { name ok code message } } }`
	var out struct {
		VerifyApp struct {
			Verification []struct {
				Name    string
				OK      bool
				Code    *int
				Message *string
			}
		}
	}
	answer.Store(`{"code": 10014, "msg": "` + strings.Repeat("x", 5000) + `\n` + leak + `"}`)
	adm.MustDo(verify, map[string]any{"id": appID}, &out)
	v := out.VerifyApp.Verification
	if len(v) != 1 || v[0].Code == nil || *v[0].Code != 10014 || v[0].Message == nil || len(*v[0].Message) > 1000 || strings.Contains(*v[0].Message, leak) {
		t.Fatalf("stored %+v", v)
	}
	answer.Store(`{"status": "ok", "secret": "` + leak + `"}`)
	adm.MustDo(verify, map[string]any{"id": appID}, &out)
	v = out.VerifyApp.Verification
	if len(v) != 1 || v[0].OK || v[0].Message == nil || *v[0].Message != "not a Feishu API response (HTTP 200, no integer code in the body)" {
		t.Fatalf("stored %+v", v)
	}
	if strings.Contains(env.Logs.String(), leak) {
		t.Fatal("the answer was logged")
	}
}
