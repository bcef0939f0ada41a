package binder_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/user"
	"imbridge/worker/binder"
)

// importWorld: OA and IM people for every outcome of a row.
func importWorld(t *testing.T) *world {
	w := newWorld(t, "acme")
	w.addOA(person{ext: "U1", name: "张三", mobile: "+8613900000001", email: "Zhang.San@Acme.com", empNo: "E001"})
	w.addOA(person{ext: "U2", name: "李四", mobile: "+8613900000002", empNo: "E002"})
	w.addOA(person{ext: "U3", name: "王五", mobile: "+8613900000003", empNo: "E007"})
	w.addOA(person{ext: "U4", name: "王五", mobile: "+8613900000004", empNo: "E007"}) // same employee no. as U3
	w.addOA(person{ext: "U5", name: "赵六", mobile: "+8613900000005", empNo: "E005"})
	w.addOA(person{ext: "U6", name: "已离职", mobile: "+8613900000006", empNo: "E006", status: user.StatusResigned})
	w.addOA(person{ext: "U7", name: "孙七", mobile: "+85291234567", empNo: "E008"})
	w.addIM(person{ext: "ou1", name: "张三"})
	w.addIM(person{ext: "ou2", name: "李四"})
	w.addIM(person{ext: "ou3", name: "王五"})
	w.addIM(person{ext: "ou5", name: "赵六"})
	w.addIM(person{ext: "ou6", name: "钱八"})
	w.addIM(person{ext: "ou7", name: "孙七"})
	w.addIM(person{ext: "ou8", name: "周九"})
	w.addIM(person{ext: "ou9", name: "吴十"})
	w.bind("U5", "ou5", binding.MethodManual) // ou5 = U5 already
	w.bind("U2", "ou9", binding.MethodManual) // U2 is taken by ou9
	return w
}

func TestImportReportsEveryRow(t *testing.T) {
	for _, format := range []binder.Format{binder.FormatCSV, binder.FormatXLSX} {
		t.Run(string(format), func(t *testing.T) {
			w := importWorld(t)
			file, err := binder.Export(w.ctx, w.db, w.corp, binder.FieldMobile, format, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			rows := readBack(t, format, file.Content)
			fill(t, rows, "ou1", "139-0000-0001")     // canonical form: +8613900000001 → U1
			fill(t, rows, "ou2", "13900000002")       // U2 is bound to ou9: conflict
			fill(t, rows, "ou3", "13900000099")       // nobody: not found
			fill(t, rows, "ou6", "not a number")      // invalid
			fill(t, rows, "ou7", "+852 9123 4567")    // Hong Kong → U7
			fill(t, rows, "ou8", "+86 139 0000 0006") // U6 resigned: not found
			rows = append(rows, []string{"ou-gone", "", "", "", "", "", "", "", "", "13900000003"})
			rows = append(rows, []string{"ou1", "", "", "", "", "", "", "", "", "13900000001"}) // ou1 again
			content := writeBack(t, format, rows)

			rep, err := binder.Import(w.ctx, w.db, binder.ImportInput{CorpID: w.corp, Field: binder.FieldMobile, Format: format, Data: content})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range rep.Rows {
				got[fmt.Sprintf("%d %s", r.Row, r.IMUser)] = string(r.Outcome)
			}
			// Rows: header 1, then the export's order (ou1, ou2, ou3, ou5, ou6, ou7, ou8, ou9), then the two added.
			want := map[string]string{
				"2 ou1": "bound", "3 ou2": "conflict", "4 ou3": "not_found", "5 ou5": "already_bound",
				"6 ou6": "invalid", "7 ou7": "bound", "8 ou8": "not_found", "9 ou9": "already_bound",
				"10 ou-gone": "not_found", "11 ou1": "conflict",
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("outcomes\n got %v\nwant %v", got, want)
			}
			if rep.Counts[binder.Bound] != 2 || rep.Counts[binder.AlreadyBound] != 2 || rep.Counts[binder.Conflict] != 2 ||
				rep.Counts[binder.NotFound] != 3 || rep.Counts[binder.Invalid] != 1 || rep.Skipped != 0 {
				t.Errorf("counts %v skipped %d", rep.Counts, rep.Skipped)
			}
			for _, r := range rep.Rows {
				if r.Reason == "" {
					t.Errorf("row %d has no reason", r.Row)
				}
				if r.Row == 3 && !strings.Contains(r.Reason, "吴十 (ou9)") {
					t.Errorf("conflict reason does not name the holder: %q", r.Reason)
				}
				if r.Row == 11 && !strings.Contains(r.Reason, "row 2") {
					t.Errorf("repeated row's reason does not name the first: %q", r.Reason)
				}
			}
			if p, want := w.pairs(), []string{"ou1=U1/import", "ou5=U5/manual", "ou7=U7/import", "ou9=U2/manual"}; !reflect.DeepEqual(p, want) {
				t.Errorf("bindings %v, want %v", p, want)
			}
			h := w.history(binder.ActionBind)
			if len(h) != 2 || !strings.Contains(h[0], `"row":2`) || !strings.Contains(h[0], "U1 张三") || !strings.Contains(h[1], "ou7 孙七") {
				t.Errorf("history of the import: %q", h)
			}

			// The same file again: the bound rows are now already bound, nothing new.
			rep2, err := binder.Import(w.ctx, w.db, binder.ImportInput{CorpID: w.corp, Field: binder.FieldMobile, Format: format, Data: content})
			if err != nil {
				t.Fatal(err)
			}
			if rep2.Counts[binder.Bound] != 0 || rep2.Counts[binder.AlreadyBound] != 4 {
				t.Errorf("second import counts %v", rep2.Counts)
			}
			if len(w.history(binder.ActionBind)) != 2 {
				t.Errorf("a second import recorded bindings again")
			}
		})
	}
}

func readBack(t *testing.T, f binder.Format, b []byte) [][]string {
	if f == binder.FormatCSV {
		return readCSV(t, b)
	}
	return readXLSX(t, b)
}

func writeBack(t *testing.T, f binder.Format, rows [][]string) []byte {
	if f == binder.FormatCSV {
		return writeCSV(t, rows)
	}
	return writeXLSX(t, rows)
}

func TestImportAmbiguousAndOtherFields(t *testing.T) {
	w := importWorld(t)
	rows := [][]string{{"用户ID user_id", "关联字段 match_value"}, {"ou3", "E007"}, {"ou1", "E001"}, {"ou2", ""}}
	rep, err := binder.Import(w.ctx, w.db, binder.ImportInput{CorpID: w.corp, Field: binder.FieldEmployeeNo, Format: binder.FormatCSV, Data: writeCSV(t, rows)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 2 || rep.Rows[0].Outcome != binder.Ambiguous || rep.Rows[1].Outcome != binder.Bound || rep.Skipped != 1 {
		t.Fatalf("report %+v", rep)
	}
	if r := rep.Rows[0].Reason; !strings.Contains(r, "U3") || !strings.Contains(r, "U4") {
		t.Errorf("ambiguous reason does not list the candidates: %q", r)
	}

	// E-mail compared ignoring case; columns found by their English names in another order.
	w2 := importWorld(t)
	rows = [][]string{{"match_value", "name", "user_id"}, {"zhang.san@ACME.com", "x", "ou1"}}
	rep, err = binder.Import(w2.ctx, w2.db, binder.ImportInput{CorpID: w2.corp, Field: binder.FieldEmail, Format: binder.FormatCSV, Data: writeCSV(t, rows)})
	if err != nil || rep.Rows[0].Outcome != binder.Bound || rep.Rows[0].OA.ExternalID != "U1" {
		t.Fatalf("e-mail import: %v %+v", err, rep)
	}

	// OA user id.
	rows = [][]string{{"用户ID", "关联字段"}, {"ou3", "U4"}}
	rep, err = binder.Import(w2.ctx, w2.db, binder.ImportInput{CorpID: w2.corp, Field: binder.FieldOAUserID, Format: binder.FormatCSV, Data: writeCSV(t, rows)})
	if err != nil || rep.Rows[0].Outcome != binder.Bound || rep.Rows[0].OA.ExternalID != "U4" {
		t.Fatalf("OA id import: %v %+v", err, rep)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	w := importWorld(t)
	rows := [][]string{{"用户ID", "关联字段"}, {"ou1", "13900000001"}}
	rep, err := binder.Import(w.ctx, w.db, binder.ImportInput{CorpID: w.corp, Field: binder.FieldMobile, Format: binder.FormatCSV, Data: writeCSV(t, rows), DryRun: true})
	if err != nil || rep.Rows[0].Outcome != binder.Bound || !rep.DryRun {
		t.Fatalf("%v %+v", err, rep)
	}
	if p := w.pairs(); len(p) != 2 {
		t.Errorf("dry run bound someone: %v", p)
	}
	if h := w.history(binder.ActionBind); len(h) != 0 {
		t.Errorf("dry run recorded history: %v", h)
	}
}

func TestImportRefusesUnreadableFiles(t *testing.T) {
	w := importWorld(t)
	for name, c := range map[string]struct {
		f    binder.Format
		data []byte
	}{
		"no columns":      {binder.FormatCSV, writeCSV(t, [][]string{{"name", "mobile"}, {"a", "1"}})},
		"no match column": {binder.FormatCSV, writeCSV(t, [][]string{{"用户ID user_id"}, {"ou1"}})},
		"empty":           {binder.FormatCSV, nil},
		"not a workbook":  {binder.FormatXLSX, []byte("user_id,match_value\nou1,1\n")},
		"not UTF-8":       {binder.FormatCSV, []byte("user_id,match_value\nou1,\xff\xfe\n")},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := binder.Import(w.ctx, w.db, binder.ImportInput{CorpID: w.corp, Field: binder.FieldMobile, Format: c.f, Data: c.data})
			var ie *binder.InputError
			if !errors.As(err, &ie) || ie.Field != "content" {
				t.Fatalf("want an input error on content, got %v", err)
			}
		})
	}
	if p := w.pairs(); len(p) != 2 {
		t.Errorf("a refused file changed bindings: %v", p)
	}
}

func TestExportListsTheMirrorWithBindings(t *testing.T) {
	w := importWorld(t)
	w.db.User.UpdateOneID(w.im["ou8"].ID).SetRemovedAt(time.Now()).ExecX(w.ctx)
	file, err := binder.Export(w.ctx, w.db, w.corp, binder.FieldEmployeeNo, binder.FormatXLSX, time.Date(2026, 11, 30, 11, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if file.Name != "bindings-acme_corp-20261130-1100.xlsx" || file.Rows != 7 {
		t.Errorf("file %s rows %d", file.Name, file.Rows)
	}
	rows := readXLSX(t, file.Content)
	id, dept, boundOA, match := column(t, rows[0], "用户ID"), column(t, rows[0], "部门"), column(t, rows[0], "已绑定OA账号"), column(t, rows[0], "关联字段")
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[id])
		if r[dept] != "acme 研发部" {
			t.Errorf("%s: department %q", r[id], r[dept])
		}
		cell := func(i int) string {
			if i < len(r) {
				return r[i]
			}
			return ""
		}
		switch r[id] {
		case "ou5":
			if cell(boundOA) != "U5" || cell(match) != "E005" {
				t.Errorf("bound row %v", r)
			}
		case "ou1":
			if cell(boundOA) != "" || cell(match) != "" {
				t.Errorf("unbound row %v", r)
			}
		}
	}
	if want := []string{"ou1", "ou2", "ou3", "ou5", "ou6", "ou7", "ou9"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("rows %v, want %v (removed users left out)", ids, want)
	}
}

func TestOtherTenantsCorpIsNotFound(t *testing.T) {
	w := importWorld(t)
	other := newWorldIn(t, w.db, "other")
	other.addOA(person{ext: "X1", name: "x", mobile: "+8613900000001"})
	other.addIM(person{ext: "ox1", name: "x"})
	other.bind("X1", "ox1", binding.MethodManual)
	data := writeCSV(t, [][]string{{"用户ID", "关联字段"}, {"ox1", "13900000001"}})
	if _, err := binder.Import(w.ctx, w.db, binder.ImportInput{CorpID: other.corp, Field: binder.FieldMobile, Format: binder.FormatCSV, Data: data}); !ent.IsNotFound(err) {
		t.Errorf("import into another tenant's corp: %v", err)
	}
	if _, err := binder.Export(w.ctx, w.db, other.corp, binder.FieldMobile, binder.FormatCSV, time.Now()); !ent.IsNotFound(err) {
		t.Errorf("export of another tenant's corp: %v", err)
	}
	if _, err := binder.UnbindAll(w.ctx, w.db, other.corp, 1); !ent.IsNotFound(err) {
		t.Errorf("unbind all of another tenant's corp: %v", err)
	}
	if p := other.pairs(); len(p) != 1 {
		t.Errorf("other tenant's bindings changed: %v", p)
	}
}
