package graph_test

import (
	"encoding/base64"
	"encoding/json"
	"testing"
)

// Cross-tenant cases of the binding workbench (TestCrossTenantIsolation).

func caseBindingExport(t *testing.T, f *tenancyFixture) {
	q := `query($corp: ID!, $format: BindingFileFormat!) { bindingExport(corpID: $corp, matchField: MOBILE, format: $format) { fileName contentBase64 rows } }`
	for _, c := range f.callersA() {
		for _, format := range []string{"CSV", "XLSX"} {
			f.mustFail(t, c, q, map[string]any{"corp": f.bCorp, "format": format}, refused...)
		}
		// A's own export lists A's people only.
		var out struct {
			BindingExport struct{ ContentBase64 string }
		}
		r := c.Do(q, map[string]any{"corp": f.aCorp, "format": "CSV"})
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil {
			t.Fatalf("%s: A's export: %+v", c, r.Errors)
		}
		content, err := base64.StdEncoding.DecodeString(out.BindingExport.ContentBase64)
		if err != nil {
			t.Fatal(err)
		}
		f.noLeak(t, c, "bindingExport file", content)
	}
}

func caseBindingCount(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `query($corp: ID!) { bindingCount(corpID: $corp) }`, map[string]any{"corp": f.bCorp}, refused...)
	}
}

const importBindingsDoc = `mutation($in: ImportBindingsInput!) { importBindings(input: $in) { dryRun counts { bound notFound } rows { row imUserKey imUserName outcome oaUserKey oaUserName bindingID } } }`

func caseImportBindings(t *testing.T, f *tenancyFixture) {
	csv := base64.StdEncoding.EncodeToString([]byte("user_id,match_value\nou-A,13800000001\nou-" + bMarker + ",13900000001\n"))
	for _, c := range f.callersA() {
		f.mustFail(t, c, importBindingsDoc, map[string]any{"in": map[string]any{"corpID": f.bCorp, "matchField": "MOBILE", "format": "CSV", "content": csv}}, refused...)
	}
	// Into A's corp, a file naming B's IM user and B's mobile: neither is found.
	before := f.outsideA()
	var out struct {
		ImportBindings struct {
			Rows []struct {
				Outcome               string
				ImUserName, OaUserKey *string
			}
		}
	}
	r := f.aAdmin.Do(importBindingsDoc, map[string]any{"in": map[string]any{"corpID": f.aCorp, "matchField": "MOBILE", "format": "CSV", "content": csv}})
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || len(out.ImportBindings.Rows) != 2 {
		t.Fatalf("import into A: %s %+v", r.Data, r.Errors)
	}
	for i, row := range out.ImportBindings.Rows {
		if i == 0 && row.Outcome == "CONFLICT" && row.OaUserKey != nil {
			// A's own IM user, already bound by an earlier case of the
			// matrix: the conflict must name A's OA user, which A can read.
			var own struct{ Users struct{ TotalCount int } }
			f.aAdmin.MustDo(`query($k: String!) { users(where: {externalID: $k, corpIDIsNil: true}) { totalCount } }`, map[string]any{"k": *row.OaUserKey}, &own)
			if own.Users.TotalCount != 1 {
				t.Errorf("row 2 names an OA user A cannot read: %s", *row.OaUserKey)
			}
			continue
		}
		if row.Outcome != "NOT_FOUND" || row.OaUserKey != nil || (i == 1 && row.ImUserName != nil) {
			t.Errorf("row %d reached B: %+v oa=%v im=%v", i+2, row, strp(row.OaUserKey), strp(row.ImUserName))
		}
	}
	if d := diffSnapshots(before, f.outsideA()); d != "" {
		t.Errorf("importBindings changed rows outside A:\n%s", d)
	}
}

func caseUnbindAll(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		for _, n := range []int{0, 1, 2} {
			f.mustFail(t, c, `mutation($corp: ID!, $n: Int!) { unbindAll(input: {corpID: $corp, confirmCount: $n}) { count } }`,
				map[string]any{"corp": f.bCorp, "n": n}, refused...)
		}
	}
}

func strp(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
