package oafile_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"imbridge/ent/database/dbtest"
	"imbridge/worker/oaimport"
	"imbridge/worker/oaimport/oafile"
)

// filledTemplate is the XLSX template with rows added to its sheets.
func filledTemplate(t *testing.T, depts, users [][]any) []byte {
	t.Helper()
	tpl, err := oafile.TemplateXLSX()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sheet, rows := range map[string][][]any{oafile.SheetDepartments: depts, oafile.SheetUsers: users} {
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := f.SetSheetRow(sheet, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t *testing.T, name string, data []byte) *oafile.File {
	t.Helper()
	f, err := oafile.Read(name, data)
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return f
}

// TestTemplateXLSX: the template's sheets have the Chinese headers, and a
// filled template reads into the import with each row's location; a mobile
// typed as a number keeps its digits; statuses in Chinese map to the
// engine's; 兼职部门 lists several departments.
func TestTemplateXLSX(t *testing.T) {
	data := filledTemplate(t,
		[][]any{{"D1", "总部", ""}, {"D2", "研发部", "D1"}, {"D3", "市场部", "D1"}},
		[][]any{
			{"E1", "张三", 13800138000, "zs@example.com", "工程师", "D2", "D3、D1", "在职"},
			{"E2", "李四", "13800138001", "", "", "D3", "", "离职"},
		})
	f := read(t, "通讯录.xlsx", data)
	if !reflect.DeepEqual(f.Sheets, []string{"部门", "人员"}) {
		t.Errorf("sheets %v", f.Sheets)
	}
	wantDepts := []oaimport.Department{{ExternalID: "D1", Name: "总部"}, {ExternalID: "D2", Name: "研发部", ParentExternalID: "D1", Order: 1}, {ExternalID: "D3", Name: "市场部", ParentExternalID: "D1", Order: 2}}
	if !reflect.DeepEqual(f.Input.Departments, wantDepts) {
		t.Errorf("departments %+v", f.Input.Departments)
	}
	u := f.Input.Users[0]
	if u.ExternalID != "E1" || u.EmployeeNo != "E1" || u.Name != "张三" || u.Mobile != "13800138000" || u.Email != "zs@example.com" || u.Title != "工程师" || u.Status != "active" {
		t.Errorf("user 0: %+v", u)
	}
	wantM := []oaimport.Membership{{DepartmentExternalID: "D2", Primary: true}, {DepartmentExternalID: "D3", Order: 1}, {DepartmentExternalID: "D1", Order: 2}}
	if !reflect.DeepEqual(u.Memberships, wantM) {
		t.Errorf("memberships %+v", u.Memberships)
	}
	if f.Input.Users[1].Status != "resigned" {
		t.Errorf("离职 read as %q", f.Input.Users[1].Status)
	}
	if f.Users[1] != (oafile.Location{Sheet: "人员", Row: 3}) || f.Departments[2] != (oafile.Location{Sheet: "部门", Row: 4}) {
		t.Errorf("locations %+v %+v", f.Users, f.Departments)
	}
}

// TestCSVEncodings: the CSV template's one table, in UTF-8 with and without
// a BOM, GBK, UTF-16 and tab-separated, reads the same.
func TestCSVEncodings(t *testing.T) {
	body := "部门编号,部门名称,上级部门编号,工号,姓名,手机号,邮箱,职位,主部门,兼职部门,状态\r\n" +
		"D1,总部,,,,,,,,,\r\n" +
		"D2,研发部,D1,,,,,,,,\r\n" +
		",,,E1,王五,+852 9123 4567,,经理,D2,,禁用\r\n"
	tpl := string(oafile.TemplateCSV())
	if !strings.HasPrefix(tpl, "\ufeff部门编号,部门名称,上级部门编号,工号,姓名,手机号,邮箱,职位,主部门,兼职部门,状态") {
		t.Fatalf("CSV template %q", tpl)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	utf16 := []byte{0xff, 0xfe}
	for _, r := range strings.ReplaceAll(body, ",", "\t") {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	cases := map[string][]byte{
		"utf8":     []byte(body),
		"utf8-bom": []byte("\ufeff" + body),
		"gbk":      []byte(gbk),
		"utf16":    utf16,
		"tabs":     []byte(strings.ReplaceAll(body, ",", "\t")),
	}
	for name, data := range cases {
		f := read(t, name+".csv", data)
		if len(f.Input.Departments) != 2 || f.Input.Departments[1].Name != "研发部" || f.Input.Departments[1].ParentExternalID != "D1" {
			t.Errorf("%s: departments %+v", name, f.Input.Departments)
			continue
		}
		if len(f.Input.Users) != 1 || f.Input.Users[0].Name != "王五" || f.Input.Users[0].Status != "disabled" || f.Input.Users[0].Mobile != "+852 9123 4567" {
			t.Errorf("%s: users %+v", name, f.Input.Users)
		}
		if f.Users[0] != (oafile.Location{Sheet: "CSV", Row: 4}) {
			t.Errorf("%s: user row %+v", name, f.Users[0])
		}
	}
}

// TestMembershipColumns: without 主部门 and 兼职部门 a user's departments are
// left as stored (nil); with them, empty cells clear them.
func TestMembershipColumns(t *testing.T) {
	f := read(t, "a.csv", []byte("工号,姓名\nE1,甲\n"))
	if f.Input.Users[0].Memberships != nil {
		t.Errorf("no department columns: %+v", f.Input.Users[0].Memberships)
	}
	f = read(t, "a.csv", []byte("工号,姓名,主部门\nE1,甲,\n"))
	if m := f.Input.Users[0].Memberships; m == nil || len(m) != 0 {
		t.Errorf("empty 主部门: %+v", m)
	}
}

// TestHeaderSearch: a title row above the header, the required mark and
// extra columns are tolerated.
func TestHeaderSearch(t *testing.T) {
	f := read(t, "a.csv", []byte("OA 通讯录导出 2026-11-30\n\n备注,工号*,姓名（必填）\nx,E9,赵六\n"))
	if len(f.Input.Users) != 1 || f.Input.Users[0].ExternalID != "E9" || f.Input.Users[0].Name != "赵六" || f.Users[0].Row != 4 {
		t.Errorf("users %+v at %+v", f.Input.Users, f.Users)
	}
}

func fileProblems(t *testing.T, err error) []oafile.Problem {
	t.Helper()
	var fe *oafile.Error
	if !errors.As(err, &fe) {
		t.Fatalf("want *oafile.Error, got %v", err)
	}
	return fe.Problems
}

// TestUnreadable: files that are not the template are refused with a
// message saying what to do.
func TestUnreadable(t *testing.T) {
	for name, c := range map[string]struct {
		file string
		data []byte
		want string
	}{
		"xls":        {"old.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), "save it as .xlsx"},
		"not a zip":  {"fake.xlsx", []byte("hello"), "not an XLSX"},
		"no header":  {"a.csv", []byte("a,b,c\n1,2,3\n"), "no sheet has a header row"},
		"no 工号":      {"a.csv", []byte("姓名,手机号\n甲,13800138000\n"), "no 工号"},
		"not text":   {"a.csv", []byte{0x81, 0x30, 0xff, 0xff, 0xfe}, "neither UTF-8 nor GBK"},
		"broken zip": {"a.xlsx", []byte("PK\x03\x04garbage"), "cannot be opened"},
	} {
		_, err := oafile.Read(c.file, c.data)
		ps := fileProblems(t, err)
		if len(ps) == 0 || !strings.Contains(ps[0].Message, c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

// TestLocate: the engine's problems (its own validation, on a real
// database) point at the sheet, row and column of the offending cell, and
// references to other items in its messages become rows.
func TestLocate(t *testing.T) {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	data := filledTemplate(t,
		[][]any{{"D1", "总部", ""}, {"D2", "", "D1"}, {"D3", "市场部", "D9"}},
		[][]any{
			{"E1", "张三", "13800138000", "", "", "D1", "", ""},
			{"E2", "李四", "138001", "bad-mail", "", "D1", "D1,D7", "请假"},
			{"E1", "", "13800138000", "", "", "", "", ""},
		})
	f := read(t, "a.xlsx", data)
	err := oaimport.Validate(ctx, db.Client, f.Input)
	var ve *oaimport.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate: %v", err)
	}
	got := map[string]string{}
	for _, p := range f.Locate(ve).Problems {
		key := p.Sheet + "|" + string(rune('0'+p.Row)) + "|" + p.Column
		got[key] += p.Message + "; "
	}
	for _, want := range []struct {
		sheet, col, contains string
		row                  int
	}{
		{"部门", "部门名称", "name is required", 3},
		{"部门", "上级部门编号", `"D9" does not exist`, 4},
		{"人员", "手机号", "", 3},
		{"人员", "邮箱", "", 3},
		{"人员", "兼职部门", `"D1" is listed twice`, 3},
		{"人员", "兼职部门", `"D7" does not exist`, 3},
		{"人员", "状态", `"请假"`, 3},
		{"人员", "工号", "人员 row 2", 4},
		{"人员", "姓名", "name is required", 4},
		{"人员", "手机号", "人员 row 2", 4},
	} {
		key := want.sheet + "|" + string(rune('0'+want.row)) + "|" + want.col
		if !strings.Contains(got[key], want.contains) || got[key] == "" {
			t.Errorf("%s row %d %s: %q, want a problem containing %q (all: %v)", want.sheet, want.row, want.col, got[key], want.contains, got)
		}
	}
}
