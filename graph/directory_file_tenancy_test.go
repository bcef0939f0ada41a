package graph_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// Cross-tenant cases of the directory file operations (TestCrossTenantIsolation).

func caseDirectoryFileTemplate(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		r := c.Do(`{ directoryFileTemplate(format: CSV) { fileName content } }`, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", c, r.Errors)
		}
		f.noLeak(t, c, "directoryFileTemplate", r.Data)
	}
}

// bFile is a file of A's that names B's department codes and a B person's
// external id.
func bFile() map[string]any {
	return partialFile("b.csv",
		"D-X-1,X,D-B-2,,,,,,,,",
		",,,U-X-1,X,,,,D-B-2,,",
		",,,U-B-2,A copy of Bob,,,,D-X-1,,")
}

func caseDirectoryFilePreview(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		before := withoutRefusals(f.snapshot())
		r := c.Do(previewQuery, map[string]any{"in": bFile()})
		var p filePreview
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &p) != nil {
			t.Fatalf("%s: %s %+v", c, r.Data, r.Errors)
		}
		f.noLeak(t, c, "directoryFilePreview", r.Data)
		// B's departments do not exist for A.
		var msgs []string
		for _, q := range p.DirectoryFilePreview.Problems {
			msgs = append(msgs, q.Column+": "+q.Message)
		}
		all := strings.Join(msgs, "\n")
		if p.DirectoryFilePreview.ProblemCount != 2 || strings.Count(all, `"D-B-2" does not exist`) != 2 {
			t.Errorf("%s: problems %s", c, all)
		}
		if d := diffSnapshots(before, withoutRefusals(f.snapshot())); d != "" {
			t.Errorf("%s: a preview changed stored rows:\n%s", c, d)
		}
	}
}

func caseImportDirectoryFile(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, importFileMutation, map[string]any{"in": bFile()}, "BAD_USER_INPUT")
	}
	// B's external ids and mobile, imported into A, make A's own rows.
	r := f.mayChangeOnlyA(t, f.aToken, importFileMutation, map[string]any{"in": partialFile("a.csv",
		"D-B-1,A copy of HQ,,,,,,,,,",
		",,,U-B-1,A copy of Alice,"+mobileOf("B", 1)+",,,D-B-1,,")})
	if len(r.Errors) > 0 {
		t.Fatalf("import of B's codes into A: %+v", r.Errors)
	}
}

// partialFile is csvFile without "complete": the rest of A's directory stays.
func partialFile(name string, rows ...string) map[string]any {
	in := csvFile(name, rows...)
	delete(in, "complete")
	return in
}
