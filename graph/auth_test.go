package graph_test

import (
	"net/http"
	"testing"
	"time"

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
