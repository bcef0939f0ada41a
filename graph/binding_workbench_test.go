package graph_test

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"strings"
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
)

// TestBindingWorkbenchOverGraphQL: export → fill → import with bad rows →
// batch unbind confirmed by count, each binding in the audit log, the file
// never in it.
func TestBindingWorkbenchOverGraphQL(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	var r importResult
	adm.MustDo(importMutation, map[string]any{"in": smallDirectory()}, &r)
	var c struct {
		CreateCorp struct {
			ID int `json:",string"`
		}
	}
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "飞书"}}, &c)
	sys := viewer.System(dbtest.Bootstrap(), "test", tn.ID)
	for _, u := range []struct{ ext, name string }{{"ou_1", "张三"}, {"ou_2", "李四"}, {"ou_3", "王五"}} {
		env.Client.User.Create().SetCorpID(c.CreateCorp.ID).SetExternalID(u.ext).SetName(u.name).SaveX(sys)
	}

	var exp struct {
		BindingExport struct {
			FileName, ContentType, ContentBase64 string
			Rows                                 int
		}
	}
	adm.MustDo(`query($corp: ID!) { bindingExport(corpID: $corp, matchField: MOBILE, format: CSV) { fileName contentType contentBase64 rows } }`,
		map[string]any{"corp": c.CreateCorp.ID}, &exp)
	if exp.BindingExport.Rows != 3 || !strings.HasSuffix(exp.BindingExport.FileName, ".csv") || !strings.HasPrefix(exp.BindingExport.ContentType, "text/csv") {
		t.Fatalf("export %+v", exp.BindingExport)
	}
	raw, _ := base64.StdEncoding.DecodeString(exp.BindingExport.ContentBase64)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("export rows %v %v", rows, err)
	}
	last := len(rows[0]) - 1
	rows[1][last] = "138 0000 0001" // ou_1 → U1
	rows[2][last] = "12345"         // ou_2: not a mobile
	var buf bytes.Buffer
	_ = csv.NewWriter(&buf).WriteAll(rows)

	const imp = `mutation($in: ImportBindingsInput!) { importBindings(input: $in) { dryRun counts { bound invalid skipped } rows { row imUserKey imUserName outcome reasonCode reason oaUserKey bindingID } } }`
	in := map[string]any{"corpID": c.CreateCorp.ID, "matchField": "MOBILE", "format": "CSV", "content": base64.StdEncoding.EncodeToString(buf.Bytes())}
	var rep struct {
		ImportBindings struct {
			DryRun bool
			Counts struct{ Bound, Invalid, Skipped int }
			Rows   []struct {
				Row                              int
				ImUserKey, Outcome, Reason       string
				ReasonCode                       string
				ImUserName, OaUserKey, BindingID *string
			}
		}
	}
	adm.MustDo(imp, map[string]any{"in": in}, &rep)
	ib := rep.ImportBindings
	if ib.DryRun || ib.Counts.Bound != 1 || ib.Counts.Invalid != 1 || ib.Counts.Skipped != 1 || len(ib.Rows) != 2 {
		t.Fatalf("report %+v", ib)
	}
	if row := ib.Rows[0]; row.Row != 2 || row.Outcome != "BOUND" || row.ReasonCode != "BOUND" || *row.OaUserKey != "U1" || row.BindingID == nil {
		t.Errorf("row 2: %+v", row)
	}
	if row := ib.Rows[1]; row.Row != 3 || row.Outcome != "INVALID" || row.ReasonCode != "MOBILE_INVALID" || !strings.Contains(row.Reason, "12345") {
		t.Errorf("row 3: %+v", row)
	}

	// A file that is not base64, or not a binding file: refused, naming the field.
	for _, content := range []string{"%%%", base64.StdEncoding.EncodeToString([]byte("a,b\n1,2\n"))} {
		in["content"] = content
		if code, e := adm.ErrCode(imp, map[string]any{"in": in}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.content" {
			t.Errorf("content %q: %s %+v", content, code, e)
		}
	}

	const unbindAll = `mutation($corp: ID!, $n: Int!) { unbindAll(input: {corpID: $corp, confirmCount: $n}) { count } }`
	var cnt struct{ BindingCount int }
	adm.MustDo(`query($corp: ID!) { bindingCount(corpID: $corp) }`, map[string]any{"corp": c.CreateCorp.ID}, &cnt)
	if cnt.BindingCount != 1 {
		t.Fatalf("binding count %d", cnt.BindingCount)
	}
	if code, e := adm.ErrCode(unbindAll, map[string]any{"corp": c.CreateCorp.ID, "n": 5}); code != "CONFLICT" || !strings.Contains(e.Message, "has 1 user bindings") {
		t.Errorf("unbindAll with a stale count: %s %+v", code, e)
	}
	var ua struct{ UnbindAll struct{ Count int } }
	adm.MustDo(unbindAll, map[string]any{"corp": c.CreateCorp.ID, "n": 1}, &ua)
	if ua.UnbindAll.Count != 1 {
		t.Errorf("unbound %d", ua.UnbindAll.Count)
	}

	var audit struct {
		AuditEvents struct {
			Edges []struct {
				Node struct {
					Action, Summary, ActorName, After string
					Success                           bool
				}
			}
		}
	}
	adm.MustDo(`{ auditEvents(where: {actionIn: ["binding.bind", "binding.unbind", "importBindings", "unbindAll"]}, orderBy: [{field: AT}]) { edges { node { action summary actorName after success } } } }`, nil, &audit)
	var actions []string
	kept := 0
	for _, e := range audit.AuditEvents.Edges {
		if e.Node.Action == "importBindings" && e.Node.Success && strings.Contains(e.Node.After, `"reasons"`) {
			kept++
		}
		actions = append(actions, e.Node.Action)
		if e.Node.ActorName != "acme-admin" {
			t.Errorf("%s by %q", e.Node.Action, e.Node.ActorName)
		}
		if strings.Contains(e.Node.Summary, "+86") || strings.Contains(e.Node.Summary, "MTM4") {
			t.Errorf("%s summary holds the file's content: %s", e.Node.Action, e.Node.Summary)
		}
		if e.Node.Action == "importBindings" && !strings.Contains(e.Node.Summary, `"content":"[`) {
			t.Errorf("importBindings summary does not summarise the file: %s", e.Node.Summary)
		}
		// The report is kept by reason code: readable after its page is closed.
		if e.Node.Action == "importBindings" && e.Node.Success && (!strings.Contains(e.Node.After, `"reasons":{"BOUND":1,"MOBILE_INVALID":1}`) ||
			!strings.Contains(e.Node.After, `"problemRows":"3:MOBILE_INVALID"`) || strings.Contains(e.Node.After, "12345")) {
			t.Errorf("importBindings after does not keep the report by reason code (and only that): %s", e.Node.After)
		}
		if e.Node.Action == "binding.bind" && !strings.Contains(e.Node.Summary, "U1 张三") {
			t.Errorf("bind history: %s", e.Node.Summary)
		}
	}
	if kept != 1 {
		t.Errorf("%d successful importBindings events keep the report, want 1", kept)
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "binding.bind") || !strings.Contains(got, "binding.unbind") ||
		!strings.Contains(got, "importBindings") || !strings.Contains(got, "unbindAll") {
		t.Errorf("audit actions: %s", got)
	}
}
