package graph_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"imbridge/graph/graphtest"
	simwecom "imbridge/platform/sim/wecom"
)

// A WeCom corp needs its corpid, an app its AgentId (or "contacts") and a
// 43-character EncodingAESKey: each refusal names the field, nothing is
// stored.
func TestWeComInputsChecked(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	code, e := adm.ErrCode(createCorp, map[string]any{"in": map[string]any{"platform": "wecom", "name": "企微"}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.corpID" {
		t.Fatalf("no corpid: %s %+v", code, e)
	}
	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "wecom", "name": "企微", "corpID": "ww1436e0e65a779aee"}}, &c)
	for _, tc := range []struct {
		in    map[string]any
		field string
	}{
		{map[string]any{"appID": "cli_feishu_style"}, "input.appID"},
		{map[string]any{"appID": "1000002", "encryptKey": "short"}, "input.encryptKey"},
	} {
		in := map[string]any{"corpID": c.CreateCorp.ID, "name": "OA"}
		for k, v := range tc.in {
			in[k] = v
		}
		code, e := adm.ErrCode(createApp, map[string]any{"in": in})
		if code != "BAD_USER_INPUT" || e.Extensions["field"] != tc.field {
			t.Fatalf("%v: %s %+v", tc.in, code, e)
		}
	}
	var apps struct {
		Node struct{ Apps struct{ TotalCount int } }
	}
	adm.MustDo(`query($id: ID!) { node(id: $id) { ... on Corp { apps { totalCount } } } }`, map[string]any{"id": c.CreateCorp.ID}, &apps)
	if apps.Node.Apps.TotalCount != 0 {
		t.Fatal("a refused app was stored")
	}
	code, e = adm.ErrCode(`mutation($id: ID!, $in: UpdateCorpInput!) { updateCorp(id: $id, input: $in) { id } }`,
		map[string]any{"id": c.CreateCorp.ID, "in": map[string]any{"clearCorpID": true}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.corpID" {
		t.Fatalf("clearing the corpid: %s %+v", code, e)
	}
}

// verifyApp on a WeCom app reports WeCom's capabilities with its errcodes,
// and the setup shows WeCom's callback URL, trusted domain and IP note.
func TestVerifyWeComApp(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	org := simwecom.Generate(simwecom.GenOptions{Users: 10, Departments: 2, CorpID: "wwverify01", Seed: 1})
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "right", NewApp: true}}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "wecom", "name": "企微", "corpID": "wwverify01", "apiBaseURL": srv.URL}}, &c)
	var a struct{ CreateApp struct{ ID string } }
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": c.CreateCorp.ID, "name": "OA", "appID": "1000002", "appSecret": "right"}}, &a)
	var out struct {
		VerifyApp struct {
			Verification []struct {
				Name    string
				OK      bool
				Code    *int
				Message *string
			}
			Setup struct {
				EventRequestURL     string
				TrustedDomain       *string
				IPAllowListNote     *string
				ApprovalCallbackURL *string
			}
		}
	}
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { verification { name ok code message } setup { eventRequestURL trustedDomain ipAllowListNote approvalCallbackURL } } }`, map[string]any{"id": a.CreateApp.ID}, &out)
	got := map[string]bool{}
	for _, cp := range out.VerifyApp.Verification {
		got[cp.Name] = cp.OK
		if cp.Name == "contact_write" && (cp.Code == nil || *cp.Code != 48002) {
			t.Errorf("contact_write: want 48002, got %+v", cp)
		}
		if cp.Name == "contact_mobile" && (cp.Message == nil || !strings.Contains(*cp.Message, "2022-06-20")) {
			t.Errorf("contact_mobile should say why: %+v", cp)
		}
	}
	if !got["credentials"] || !got["contact_read"] || got["contact_mobile"] || got["contact_write"] || !got["message_send"] || got["living"] {
		t.Fatalf("capabilities: %+v", out.VerifyApp.Verification)
	}
	s := out.VerifyApp.Setup
	if s.EventRequestURL != "https://bridge.example.com/callback/wecom/"+a.CreateApp.ID || s.TrustedDomain == nil || *s.TrustedDomain != "bridge.example.com" ||
		s.IPAllowListNote == nil || !strings.Contains(*s.IPAllowListNote, "60020") || s.ApprovalCallbackURL != nil {
		t.Fatalf("setup: %+v", s)
	}

	// A wrong Secret: the credentials capability carries 40001 and the remedy.
	var bad struct{ CreateApp struct{ ID string } }
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": c.CreateCorp.ID, "name": "OA2", "appID": "1000003", "appSecret": "wrong"}}, &bad)
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { verification { name ok code message } } }`, map[string]any{"id": bad.CreateApp.ID}, &out)
	v := out.VerifyApp.Verification
	if len(v) != 1 || v[0].OK || v[0].Code == nil || *v[0].Code != 40001 || v[0].Message == nil || !strings.Contains(*v[0].Message, "Secret") {
		t.Fatalf("wrong secret: %+v", v)
	}
}
