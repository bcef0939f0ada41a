package graph_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"imbridge/graph/graphtest"
	"imbridge/worker/oaimport/oafile"
)

const (
	previewQuery = `query($in: DirectoryFileInput!) { directoryFilePreview(input: $in) {
		sheets departmentCount userCount runsAsJob
		departments { sheet row externalID name parentExternalID }
		users { sheet row externalID name mobile departments status }
		problems { sheet row column field message } problemCount } }`
	importFileMutation = `mutation($in: DirectoryFileInput!) { importDirectoryFile(input: $in) { run { id status counters { created } } } }`
)

type filePreview struct {
	DirectoryFilePreview struct {
		Sheets                     []string
		DepartmentCount, UserCount int
		RunsAsJob                  bool
		Departments                []struct {
			Sheet, ExternalID, Name string
			Row                     int
		}
		Users []struct {
			Sheet, ExternalID, Name, Mobile, Status string
			Row                                     int
			Departments                             []string
		}
		Problems []struct {
			Sheet, Column, Field, Message string
			Row                           int
		}
		ProblemCount int
	}
}

// csvFile is the CSV template with rows appended, as an admin fills it.
func csvFile(name string, rows ...string) map[string]any {
	body := string(oafile.TemplateCSV()) + strings.Join(rows, "\r\n") + "\r\n"
	return map[string]any{"fileName": name, "content": base64.StdEncoding.EncodeToString([]byte(body)), "complete": true}
}

var (
	goodRows = []string{
		"D1,总部,,,,,,,,,",
		"D2,研发部,D1,,,,,,,,",
		",,,E1,张三,13800138000,zs@example.com,工程师,D2,D1,在职",
		",,,E2,李四,13800138001,,,D1,,",
	}
	// badRows: row 4 has a mobile no country has, row 5 a department that
	// does not exist.
	badRows = []string{
		"D1,总部,,,,,,,,,",
		"D2,研发部,D1,,,,,,,,",
		",,,E1,张三,138001,,,D2,,",
		",,,E2,李四,13800138001,,,D9,,",
	}
)

// TestDirectoryFilePreviewAndImport: a file with bad rows is previewed with
// each problem at its row and column and refused on import as a whole
// (nothing written); the corrected file imports like importDirectory.
func TestDirectoryFilePreviewAndImport(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")

	var p filePreview
	adm.MustDo(previewQuery, map[string]any{"in": csvFile("bad.csv", badRows...)}, &p)
	pv := p.DirectoryFilePreview
	if pv.DepartmentCount != 2 || pv.UserCount != 2 || pv.ProblemCount != 2 || len(pv.Users) != 2 {
		t.Fatalf("preview %+v", pv)
	}
	got := map[string]string{}
	for _, q := range pv.Problems {
		got[fmt.Sprintf("%s/%d/%s", q.Sheet, q.Row, q.Column)] = q.Message
	}
	if !strings.Contains(got["CSV/4/手机号"], "138001") || !strings.Contains(got["CSV/5/主部门"], `"D9" does not exist`) {
		t.Fatalf("problems %v", got)
	}
	r := adm.Do(importFileMutation, map[string]any{"in": csvFile("bad.csv", badRows...)})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "input.content" {
		t.Fatalf("import of a bad file: %+v", r.Errors)
	}
	problems, _ := r.Errors[0].Extensions["problems"].([]any)
	if len(problems) != 2 || problems[0].(map[string]any)["column"] != "手机号" || problems[0].(map[string]any)["row"] != float64(4) {
		t.Fatalf("problems of the refused import: %+v", problems)
	}
	var count struct{ Users, Departments struct{ TotalCount int } }
	adm.MustDo(`{ users { totalCount } departments { totalCount } }`, nil, &count)
	if count.Users.TotalCount != 0 || count.Departments.TotalCount != 0 {
		t.Fatalf("a refused file wrote rows: %+v", count)
	}

	adm.MustDo(previewQuery, map[string]any{"in": csvFile("good.csv", goodRows...)}, &p)
	if pv := p.DirectoryFilePreview; pv.ProblemCount != 0 || pv.Users[0].Name != "张三" || strings.Join(pv.Users[0].Departments, ",") != "D2,D1" || pv.RunsAsJob {
		t.Fatalf("good preview %+v", pv)
	}
	var res struct {
		ImportDirectoryFile struct {
			Run struct {
				Status   string
				Counters struct{ Created int }
			}
		}
	}
	adm.MustDo(importFileMutation, map[string]any{"in": csvFile("good.csv", goodRows...)}, &res)
	if run := res.ImportDirectoryFile.Run; run.Status != "succeeded" || run.Counters.Created != 4 {
		t.Fatalf("run %+v", run)
	}
	var users struct {
		Users struct {
			Edges []struct {
				Node struct {
					Name, Mobile, EmployeeNo string
					Memberships              []struct {
						Primary    bool
						Department struct{ Name string }
					}
				}
			}
		}
	}
	adm.MustDo(`{ users(where: {oaSide: true, externalID: "E1"}) { edges { node { name mobile employeeNo memberships { primary department { name } } } } } }`, nil, &users)
	if len(users.Users.Edges) != 1 {
		t.Fatalf("E1 not stored: %+v", users)
	}
	u := users.Users.Edges[0].Node
	if u.Mobile != "+8613800138000" || u.EmployeeNo != "E1" || len(u.Memberships) != 2 {
		t.Fatalf("E1 stored as %+v", u)
	}
	for _, m := range u.Memberships {
		if m.Primary != (m.Department.Name == "研发部") {
			t.Errorf("membership %+v: 主部门 is 研发部", m)
		}
	}
}

// TestDirectoryFileUnreadable: a file that is not a spreadsheet of the
// template is a problem of the file in the preview and BAD_USER_INPUT on
// import; content that is not base64 names the field.
func TestDirectoryFileUnreadable(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	in := map[string]any{"fileName": "x.xls", "content": base64.StdEncoding.EncodeToString([]byte("\xd0\xcf\x11\xe0rest"))}
	var p filePreview
	adm.MustDo(previewQuery, map[string]any{"in": in}, &p)
	if p.DirectoryFilePreview.ProblemCount != 1 || !strings.Contains(p.DirectoryFilePreview.Problems[0].Message, ".xlsx") {
		t.Fatalf("preview of an .xls: %+v", p.DirectoryFilePreview)
	}
	if code, e := adm.ErrCode(importFileMutation, map[string]any{"in": in}); code != "BAD_USER_INPUT" || !strings.Contains(e.Message, ".xlsx") {
		t.Fatalf("import of an .xls: %s %+v", code, e)
	}
	in["content"] = "not base64!"
	if code, e := adm.ErrCode(importFileMutation, map[string]any{"in": in}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.content" {
		t.Fatalf("import of non-base64: %s %+v", code, e)
	}
}

// TestDirectoryFileTemplate: both templates download and read back as
// files with the template's columns and no rows.
func TestDirectoryFileTemplate(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	for _, format := range []string{"XLSX", "CSV"} {
		var out struct {
			DirectoryFileTemplate struct{ FileName, ContentType, Content string }
		}
		adm.MustDo(`query($f: DirectoryFileFormat!) { directoryFileTemplate(format: $f) { fileName contentType content } }`, map[string]any{"f": format}, &out)
		tpl := out.DirectoryFileTemplate
		if !strings.HasSuffix(tpl.FileName, "."+strings.ToLower(format)) {
			t.Errorf("%s: file name %q", format, tpl.FileName)
		}
		data, err := base64.StdEncoding.DecodeString(tpl.Content)
		if err != nil {
			t.Fatal(err)
		}
		f, err := oafile.Read(tpl.FileName, data)
		if err != nil || len(f.Input.Users)+len(f.Input.Departments) != 0 {
			t.Errorf("%s template reads as %+v, %v", format, f, err)
		}
	}
}

// TestDirectoryFileLargeRunsAsJob: a file of 5,000 users is previewed as a
// job and imported as one, which succeeds.
func TestDirectoryFileLargeRunsAsJob(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	rows := []string{"D1,总部,,,,,,,,,"}
	for u := 0; u < 5000; u++ {
		rows = append(rows, fmt.Sprintf(",,,U%05d,用户%d,139%08d,,,D1,,", u, u, u))
	}
	var p filePreview
	adm.MustDo(previewQuery, map[string]any{"in": csvFile("big.csv", rows...)}, &p)
	if !p.DirectoryFilePreview.RunsAsJob || p.DirectoryFilePreview.UserCount != 5000 || len(p.DirectoryFilePreview.Users) != 20 {
		t.Fatalf("preview of 5,000 users: job %v, %d users, %d rows shown", p.DirectoryFilePreview.RunsAsJob, p.DirectoryFilePreview.UserCount, len(p.DirectoryFilePreview.Users))
	}
	var res struct {
		ImportDirectoryFile struct{ Run struct{ ID, Status string } }
	}
	adm.MustDo(importFileMutation, map[string]any{"in": csvFile("big.csv", rows...)}, &res)
	if res.ImportDirectoryFile.Run.Status != "queued" {
		t.Fatalf("status %s, want queued", res.ImportDirectoryFile.Run.Status)
	}
	waitFileRun(t, adm, res.ImportDirectoryFile.Run.ID, "succeeded")
	var count struct{ Users struct{ TotalCount int } }
	adm.MustDo(`{ users { totalCount } }`, nil, &count)
	if count.Users.TotalCount != 5000 {
		t.Fatalf("users = %d", count.Users.TotalCount)
	}
}

// waitRun polls a run until it has the status, for up to a minute.
func waitFileRun(t *testing.T, c *graphtest.Caller, id, status string) {
	t.Helper()
	var last string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var r struct {
			Node struct{ Status, Error string }
		}
		c.MustDo(`query($id: ID!) { node(id: $id) { ... on SyncRun { status error } } }`, map[string]any{"id": id}, &r)
		if last = r.Node.Status; last == status {
			return
		}
	}
	t.Fatalf("run %s is %s, want %s", id, last, status)
}
