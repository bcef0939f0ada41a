package oafile_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"imbridge/ent/database/dbtest"
	"imbridge/worker/oaimport"
	"imbridge/worker/oaimport/oafile"
)

// TestGenderAndAttributes: 性别 reads the words admins write (男/女/未知,
// male/female) as the engine's genders and passes anything else on; each
// 自定义:<name> column (or 属性：<name>, full-width colon) fills the
// attribute <name>; blank cells set nothing, and a row without any leaves
// Attributes nil.
func TestGenderAndAttributes(t *testing.T) {
	f := read(t, "a.csv", []byte("工号,姓名,性别,自定义:职级,属性：工位\n"+
		"E1,甲,男,P5,A-1\n"+
		"E2,乙,female,,\n"+
		"E3,丙,未知,,B-2\n"+
		"E4,丁,,,\n"+
		"E5,戊,男女,,\n"+
		"E6,己,保密,, \n"))
	want := []struct {
		gender string
		attrs  map[string]string
	}{
		{"male", map[string]string{"职级": "P5", "工位": "A-1"}},
		{"female", nil},
		{"unknown", map[string]string{"工位": "B-2"}},
		{"", nil},
		{"男女", nil},
		{"unknown", nil},
	}
	if len(f.Input.Users) != len(want) {
		t.Fatalf("users %+v", f.Input.Users)
	}
	for i, w := range want {
		u := f.Input.Users[i]
		if u.Gender != w.gender || !reflect.DeepEqual(u.Attributes, w.attrs) {
			t.Errorf("%s: gender %q attributes %v, want %q %v", u.ExternalID, u.Gender, u.Attributes, w.gender, w.attrs)
		}
	}

	// A row with only an attribute filled is still a user row, and a sheet
	// of attribute columns needs 工号 like any sheet of people.
	f = read(t, "a.csv", []byte("部门编号,部门名称,工号,自定义:职级\nD1,总部,,\n,,E1,P3\n"))
	if len(f.Input.Users) != 1 || f.Input.Users[0].Attributes["职级"] != "P3" {
		t.Errorf("attribute-only row: %+v", f.Input.Users)
	}
	_, err := oafile.Read("a.csv", []byte("姓名,自定义:职级\n甲,P3\n"))
	if ps := fileProblems(t, err); !strings.Contains(ps[0].Message, "no 工号") {
		t.Errorf("attribute columns without 工号: %v", err)
	}
}

// TestTemplateGenderAndAttribute: both templates carry 性别 and an example
// 自定义: column, and the 说明 sheet explains them.
func TestTemplateGenderAndAttribute(t *testing.T) {
	csv := string(oafile.TemplateCSV())
	if !strings.HasSuffix(strings.TrimSpace(csv), ",状态,性别,自定义:职级") {
		t.Errorf("CSV template %q", csv)
	}
	b, err := oafile.TemplateXLSX()
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(oafile.SheetUsers)
	if err != nil || len(rows) == 0 {
		t.Fatalf("人员 sheet: %v %v", rows, err)
	}
	if h := rows[0]; len(h) < 2 || h[len(h)-2] != "性别" || h[len(h)-1] != "自定义:职级" {
		t.Errorf("人员 header %v", h)
	}
	notes, _ := x.GetRows(oafile.SheetInstructions)
	var explained []string
	for _, r := range notes {
		if len(r) > 0 && (r[0] == "性别" || r[0] == "自定义:职级") {
			explained = append(explained, r[0])
		}
	}
	if len(explained) != 2 {
		t.Errorf("说明 explains %v", explained)
	}
}

// TestLocateGenderAndAttribute: the engine's refusals of a gender and of
// an attribute point at the 性别 cell and at the attribute's own column.
func TestLocateGenderAndAttribute(t *testing.T) {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	long := strings.Repeat("长", 1025)
	f := read(t, "a.csv", []byte("工号,姓名,性别,自定义:职级,自定义:备注\nE1,甲,男女,P5,\nE2,乙,女,,"+long+"\n"))
	err := oaimport.Validate(ctx, db.Client, f.Input)
	var ve *oaimport.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate: %v", err)
	}
	got := map[int]string{}
	for _, p := range f.Locate(ve).Problems {
		got[p.Row] += p.Column + ": " + p.Message + "; "
	}
	if !strings.Contains(got[2], `性别: gender "男女"`) {
		t.Errorf("row 2: %q", got[2])
	}
	if !strings.Contains(got[3], "自定义:备注: ") {
		t.Errorf("row 3: %q", got[3])
	}
	if len(got) != 2 {
		t.Errorf("problems %v", got)
	}
}
