package oafile_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"imbridge/ent/identifier"
	"imbridge/worker/oaimport/oafile"
)

// TestIgnoredColumns: header cells that name no column of the template (a
// note, a misspelt 手机 for 手机号) are listed with their sheet, since their
// cells are not read; the template's own columns and attribute columns are
// not listed, and blank header cells are not either.
func TestIgnoredColumns(t *testing.T) {
	f := read(t, "a.csv", []byte("工号,姓名,手机,,备注,自定义:职级\nE1,张三,13800138000,,new hire,P5\n"))
	want := []oafile.IgnoredColumn{{Sheet: "CSV", Header: "手机", Column: "C"}, {Sheet: "CSV", Header: "备注", Column: "E"}}
	if !reflect.DeepEqual(f.Ignored, want) {
		t.Errorf("ignored %+v, want %+v", f.Ignored, want)
	}
	if u := f.Input.Users[0]; u.Mobile != "" || u.Attributes["职级"] != "P5" {
		t.Errorf("user %+v: 手机 must not be read as 手机号, 职级 must", u)
	}
	if f := read(t, "b.xlsx", filledTemplate(t, nil, nil)); len(f.Ignored) != 0 {
		t.Errorf("the template's own headers listed as ignored: %+v", f.Ignored)
	}
}

// TestRepeatedColumns: a column headed twice (a template column, after
// cleaning its required mark, or an attribute) refuses the file at the
// header row, naming the column; reading either copy would be a guess.
func TestRepeatedColumns(t *testing.T) {
	for name, c := range map[string]struct {
		csv, column string
	}{
		"手机号 twice":    {"工号,姓名,手机号,手机号*\nE1,张三,13800138000,13900139000\n", "手机号"},
		"an attribute": {"工号,姓名,自定义:职级,属性：职级\nE1,张三,P5,P6\n", "自定义:职级"},
		// Named at 90 characters (clipped when quoted), headed three times: one problem.
		"a long attribute thrice": {"工号,姓名,自定义:" + strings.Repeat("级", 90) + ",自定义:" + strings.Repeat("级", 90) + ",自定义:" + strings.Repeat("级", 90) + "\nE1,张三,a,b,c\n",
			identifier.Clip("自定义:" + strings.Repeat("级", 90))},
	} {
		_, err := oafile.Read("a.csv", []byte(c.csv))
		ps := fileProblems(t, err)
		if len(ps) != 1 || ps[0].Column != c.column || ps[0].Row != 1 || ps[0].Sheet != "CSV" {
			t.Errorf("%s: %+v, want one problem on %s at row 1", name, ps, c.column)
		}
	}
}

// Header text is bounded in what comes back: an attribute name longer than
// the import allows is one problem at the header row (not one per row, each
// quoting it), its column clipped; unknown headers are clipped and at most
// 50 a sheet are listed.
func TestHeaderTextIsBounded(t *testing.T) {
	long := strings.Repeat("级", 100_000)
	rows := "工号,姓名,自定义:" + long + "\n"
	for i := range 500 {
		rows += fmt.Sprintf("E%d,张%d,P5\n", i, i)
	}
	_, err := oafile.Read("a.csv", []byte(rows))
	ps := fileProblems(t, err)
	if len(ps) != 1 || ps[0].Row != 1 || len(ps[0].Column) > 300 || !strings.Contains(ps[0].Message, "100000 characters") {
		t.Fatalf("%d problems, first at row %d, column of %d bytes: %.200s", len(ps), ps[0].Row, len(ps[0].Column), ps[0].Message)
	}

	var header []string
	for i := range 60 {
		header = append(header, fmt.Sprintf("备注%d%s", i, strings.Repeat("x", 1000)))
	}
	f := read(t, "b.csv", []byte("工号,姓名,"+strings.Join(header, ",")+"\nE1,甲\n"))
	if len(f.Ignored) != 50 || len(f.Ignored[0].Header) > 300 {
		t.Errorf("%d ignored listed, the first %d bytes long", len(f.Ignored), len(f.Ignored[0].Header))
	}
}

// Cells that no header reads are listed by their column: under a blank
// header, or beyond the header row's last cell (a stray comma shifts a
// row). A blank header over blank cells is not.
func TestUnheadedCellsAreListed(t *testing.T) {
	f := read(t, "a.csv", []byte("工号,姓名,,手机号,\nu1,张三,IMPORTANT,13800000002,\nu2,李四,,13800000003,,extra\n"))
	want := []oafile.IgnoredColumn{{Sheet: "CSV", Column: "C"}, {Sheet: "CSV", Column: "F"}}
	if !reflect.DeepEqual(f.Ignored, want) {
		t.Errorf("ignored %+v, want %+v", f.Ignored, want)
	}
}
