package graph_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"imbridge/ent/admin"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/viewer"
	"imbridge/graph/auth"
	"imbridge/graph/graphtest"
)

func TestSessionsEndOnLogoutAndDisable(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	op := env.Admin("op", "operator", tn.ID)
	op.MustDo(`{ viewer { name role } }`, nil, nil)

	// Disabling an admin ends its sessions at once.
	var list struct {
		Admins struct {
			Edges []struct{ Node struct{ ID, Username string } }
		}
	}
	adm.MustDo(`{ admins(where: {username: "op"}) { edges { node { id username } } } }`, nil, &list)
	adm.MustDo(`mutation($id: ID!) { updateAdmin(id: $id, input: {disabled: true}) { id disabled } }`, map[string]any{"id": list.Admins.Edges[0].Node.ID}, nil)
	if code, _ := op.ErrCode(`{ corps { totalCount } }`, nil); code != "UNAUTHENTICATED" {
		t.Fatalf("disabled admin's session still works: %s", code)
	}
	// And it cannot log in again.
	resp, err := httpPost(env.Server.URL+"/auth/login", `{"username":"op","password":"Correct-Horse-9"}`)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("disabled admin logged in: %d", resp.StatusCode)
	}

	// Logout ends the session.
	logout(t, env, adm)
	if code, _ := adm.ErrCode(`{ corps { totalCount } }`, nil); code != "UNAUTHENTICATED" {
		t.Fatalf("session works after logout: %s", code)
	}
}

func TestExpiredTokenIsRefused(t *testing.T) {
	env := graphtest.New(t)
	tn, _, _ := env.Tenant("acme")
	secret, hash, prefix := auth.NewToken()
	past := time.Now().Add(-time.Minute)
	if _, err := env.Client.APIToken.Create().SetTenantID(tn.ID).SetName("old").SetTokenHash(hash).SetPrefix(prefix).
		SetScopes([]string{string(viewer.ScopeRead)}).SetExpiresAt(past).Save(dbtest.Bootstrap()); err != nil {
		t.Fatal(err)
	}
	if code, _ := env.Bearer(secret).ErrCode(`{ corps { totalCount } }`, nil); code != "UNAUTHENTICATED" {
		t.Fatalf("expired token accepted: %s", code)
	}
	if code, _ := env.Bearer("imb_not-a-real-token").ErrCode(`{ corps { totalCount } }`, nil); code != "UNAUTHENTICATED" {
		t.Fatalf("unknown token accepted: %s", code)
	}
}

// TestAuthPostsTakeOnlyJSON: a cross-site HTML form can post text/plain or a
// form encoding, never application/json, so /auth/login and /auth/logout
// refuse everything else with 415: another site cannot log a visitor in to
// an account of its choosing (login CSRF), or out.
func TestAuthPostsTakeOnlyJSON(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	body := `{"username":"acme-admin","password":"Correct-Horse-9"}`
	for _, tc := range []struct{ path, contentType, body string }{
		{"/auth/login", "text/plain", body},
		{"/auth/login", "text/plain;charset=UTF-8", body},
		{"/auth/login", "application/x-www-form-urlencoded", "username=acme-admin&password=Correct-Horse-9"},
		{"/auth/login", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nacme-admin\r\n--x--\r\n"},
		{"/auth/login", "", body},
		{"/auth/logout", "text/plain", ""},
		{"/auth/logout", "", ""},
	} {
		req, _ := http.NewRequest(http.MethodPost, env.Server.URL+tc.path, strings.NewReader(tc.body))
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		adm.AuthorizeForTest(req.Header)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(string(raw), "application/json") {
			t.Errorf("POST %s as %q: %d %s, want 415 naming application/json", tc.path, tc.contentType, resp.StatusCode, raw)
		}
		for _, c := range resp.Cookies() {
			if c.Name == auth.CookieName && c.Value != "" {
				t.Errorf("POST %s as %q set a session cookie", tc.path, tc.contentType)
			}
		}
	}
	// The refused logouts ended nothing; JSON (with a charset) logs in.
	adm.MustDo(`{ corps { totalCount } }`, nil, nil)
	req, _ := http.NewRequest(http.MethodPost, env.Server.URL+"/auth/login", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("JSON login: %d", resp.StatusCode)
	}
}

// TestUsernamesDifferingOnlyInCaseConflict: login folds case, so "Bob" beside
// "bob" would make both accounts' logins ambiguous; the second is a CONFLICT
// and the first still logs in.
func TestUsernamesDifferingOnlyInCaseConflict(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	create := `mutation($u: String!, $t: ID!) { createAdmin(input: {username: $u, password: "Correct-Horse-9", role: operator, tenantID: $t}) { username } }`
	var got struct{ CreateAdmin struct{ Username string } }
	adm.MustDo(create, map[string]any{"u": " Bob ", "t": tn.ID}, &got)
	if got.CreateAdmin.Username != "bob" {
		t.Fatalf("stored username %q, want the login form \"bob\"", got.CreateAdmin.Username)
	}
	if code, _ := adm.ErrCode(create, map[string]any{"u": "BOB", "t": tn.ID}); code != "CONFLICT" {
		t.Fatalf("case-only duplicate username: %s, want CONFLICT", code)
	}
	resp, err := httpPost(env.Server.URL+"/auth/login", `{"username":"Bob","password":"Correct-Horse-9"}`)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login as Bob: %d", resp.StatusCode)
	}
}

// TestMalformedIDIsNamedInWords: an ID that is not one of ours is the
// client's mistake, said as such — not a parser's message.
func TestMalformedIDIsNamedInWords(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	code, e := adm.ErrCode(`{ node(id: "abc") { id } }`, nil)
	if code != "BAD_USER_INPUT" || !strings.Contains(e.Message, `not a valid ID: "abc"`) || strings.Contains(e.Message, "strconv") {
		t.Fatalf("node(id: \"abc\") = %s %q", code, e.Message)
	}
}

// TestRefusalsSayWhyWithoutInternals: a privacy rule's refusal reaches the
// client as its reason, without the query position or ent's wording.
func TestRefusalsSayWhyWithoutInternals(t *testing.T) {
	env := graphtest.New(t)
	root := env.Admin("root", admin.RoleSuperAdmin, 0)
	code, e := root.ErrCode(`mutation { createAPIToken(input: {name: "t", scopes: ["read"]}) { secret } }`, nil)
	if code != "FORBIDDEN" || strings.Contains(e.Message, "ent/privacy") || strings.Contains(e.Message, "input:") || !strings.Contains(e.Message, "tenant") {
		t.Fatalf("createAPIToken without a tenant = %s %q", code, e.Message)
	}
}
