package graph_test

import (
	"strings"
	"testing"

	"imbridge/graph/graphtest"
)

// A complete file that lists nobody (the template's header alone, or an
// OA export that failed) would mark every OA user resigned: the preview
// says why and the import is refused, with nobody resigned.
func TestDirectoryFileCompleteWithoutPeopleIsRefused(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	adm.MustDo(importFileMutation, map[string]any{"in": csvFile("oa.csv",
		"D1,总部,,,,,,,,,",
		",,,E1,张三,13800138000,,,D1,,在职")}, nil)
	empty := csvFile("oa.csv")
	var p filePreview
	adm.MustDo(previewQuery, map[string]any{"in": empty}, &p)
	if p.DirectoryFilePreview.ProblemCount != 1 || !strings.Contains(p.DirectoryFilePreview.Problems[0].Message, "resigned") {
		t.Fatalf("preview of a complete file without people: %+v", p.DirectoryFilePreview)
	}
	if code, e := adm.ErrCode(importFileMutation, map[string]any{"in": empty}); code != "BAD_USER_INPUT" || !strings.Contains(e.Message, "resigned") {
		t.Fatalf("import of a complete file without people: %s %+v", code, e)
	}
	var users struct{ Users struct{ TotalCount int } }
	adm.MustDo(`{ users(where: { corpIDIsNil: true, status: active }) { totalCount } }`, nil, &users)
	if users.Users.TotalCount != 1 {
		t.Fatalf("active OA users after the refused import: %d, want 1", users.Users.TotalCount)
	}
}
