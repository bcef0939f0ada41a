package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"imbridge/ent/binding"
	"imbridge/ent/viewer"
)

// TestVolcanoRefusalTextFromAnotherHostWithheld: a Feishu corp's Volcano
// base URL aimed at a host that is not Volcano's own (here a server that
// answers in the OpenAPI's envelope with its own text) does not make the
// console echo that host's words: the refusal is PLATFORM_ERROR without
// them. The bridge's known codes keep Volcano's wording.
func TestVolcanoRefusalTextFromAnotherHostWithheld(t *testing.T) {
	e := newBroadcastEnv(t)
	const secret = "db-10.9.8.7-password=hunter2"
	answer := `{"ResponseMetadata":{"RequestId":"r1","Action":"CreateActivityAPIV2","Error":{"Code":"Internal.Leak","CodeN":4242,"Message":"` + secret + `"}}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, answer)
	}))
	defer srv.Close()
	corp, app := seedCorpAndApp(t, e.adm, "飞书", "cli_leak", "app-secret-0123456789")
	e.adm.MustDo(`mutation($id: ID!, $in: VolcanoKeysInput!) { setVolcanoKeys(corpID: $id, input: $in) { id } }`,
		map[string]any{"id": corp, "in": map[string]any{"baseURL": srv.URL, "accessKeyID": "AKLTx", "secretAccessKey": "sk"}}, nil)
	ctx := viewer.System(context.Background(), "test", e.tenant.ID)
	im := e.env.Client.User.Create().SetCorpID(corp).SetExternalID("ou_alice").SetName("alice").SaveX(ctx)
	e.env.Client.Binding.Create().SetCorpID(corp).SetKind(binding.KindUser).SetOaUserID(e.alice).SetImUserID(im.ID).SetMethod(binding.MethodManual).SaveX(ctx)

	in := map[string]any{"in": e.input(map[string]any{"corpID": corp, "appID": app})}
	r := e.adm.Do(createBroadcast, in)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "PLATFORM_ERROR" {
		t.Fatalf("an unknown refusal: %s %+v", r.Data, r.Errors)
	}
	if raw := r.Errors[0].Message + " " + toJSON(r.Errors[0].Extensions); strings.Contains(raw, "hunter2") || strings.Contains(raw, "Internal.Leak") {
		t.Fatalf("another host's text reached the console: %s", raw)
	}
	answer = `{"ResponseMetadata":{"RequestId":"r2","Error":{"Code":"AccessDenied","CodeN":100013,"Message":"access denied for the sub-account"}}}`
	r = e.adm.Do(createBroadcast, in)
	if len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message+toJSON(r.Errors[0].Extensions), "access denied for the sub-account") {
		t.Fatalf("a known refusal lost Volcano's words: %+v", r.Errors)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
