package oafile_test

import (
	"reflect"
	"testing"

	"imbridge/worker/oaimport/oafile"
)

// TestIgnoredColumns: header cells that name no column of the template (a
// note, a misspelt 手机 for 手机号) are listed with their sheet, since their
// cells are not read; the template's own columns and attribute columns are
// not listed, and blank header cells are not either.
func TestIgnoredColumns(t *testing.T) {
	f := read(t, "a.csv", []byte("工号,姓名,手机,,备注,自定义:职级\nE1,张三,13800138000,,new hire,P5\n"))
	want := []oafile.IgnoredColumn{{Sheet: "CSV", Header: "手机"}, {Sheet: "CSV", Header: "备注"}}
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
	} {
		_, err := oafile.Read("a.csv", []byte(c.csv))
		ps := fileProblems(t, err)
		if len(ps) != 1 || ps[0].Column != c.column || ps[0].Row != 1 || ps[0].Sheet != "CSV" {
			t.Errorf("%s: %+v, want one problem on %s at row 1", name, ps, c.column)
		}
	}
}
