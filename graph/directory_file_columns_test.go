package graph_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"imbridge/graph/graphtest"
)

// A preview lists the header cells it does not read (a 手机 meant as 手机号
// would otherwise leave every mobile empty without a word), and a column
// headed twice is a problem at the header row.
func TestDirectoryFilePreviewNamesColumnsItDoesNotRead(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	file := func(body string) map[string]any {
		return map[string]any{"in": map[string]any{"fileName": "a.csv", "content": base64.StdEncoding.EncodeToString([]byte(body))}}
	}
	const q = `query($in: DirectoryFileInput!) { directoryFilePreview(input: $in) {
		users { mobile } ignoredColumns { sheet column header } problems { row column } problemCount } }`
	var p struct {
		DirectoryFilePreview struct {
			Users          []struct{ Mobile string }
			IgnoredColumns []struct{ Sheet, Column, Header string }
			Problems       []struct {
				Row    int
				Column string
			}
			ProblemCount int
		}
	}
	adm.MustDo(q, file("工号,姓名,手机,备注\nE1,张三,13800138000,x\n"), &p)
	pv := p.DirectoryFilePreview
	if len(pv.IgnoredColumns) != 2 || pv.IgnoredColumns[0].Header != "手机" || pv.IgnoredColumns[0].Sheet != "CSV" || pv.IgnoredColumns[0].Column != "C" ||
		pv.IgnoredColumns[1].Header != "备注" || pv.ProblemCount != 0 || pv.Users[0].Mobile != "" {
		t.Fatalf("preview %+v", pv)
	}
	adm.MustDo(q, file("工号,姓名,手机号,手机号\nE1,张三,13800138000,13900139000\n"), &p)
	pv = p.DirectoryFilePreview
	if pv.ProblemCount != 1 || pv.Problems[0].Row != 1 || pv.Problems[0].Column != "手机号" {
		t.Fatalf("a repeated column: %+v", pv)
	}
}

// A small file cannot make a large answer: a cell of 200,000 characters is
// shown clipped in the preview rows and quoted clipped in its problem.
func TestDirectoryFilePreviewIsBoundedBySmallFiles(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	body := "工号,姓名,职位\nE1," + strings.Repeat("张", 200_000) + ",工程师\n"
	r := adm.Do(`query($in: DirectoryFileInput!) { directoryFilePreview(input: $in) {
		users { name } problems { message } problemCount } }`,
		map[string]any{"in": map[string]any{"fileName": "a.csv", "content": base64.StdEncoding.EncodeToString([]byte(body))}})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if len(r.Data) > 20_000 || !strings.Contains(string(r.Data), "200000 characters") {
		t.Fatalf("a %d-byte file answered with %d bytes: %.300s", len(body), len(r.Data), r.Data)
	}
}
