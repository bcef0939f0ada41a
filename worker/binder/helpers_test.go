package binder_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"imbridge/ent"
	"imbridge/ent/auditevent"
	"imbridge/ent/binding"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/user"
)

// world is a tenant with an OA directory and one corp's mirror.
type world struct {
	t      *testing.T
	db     *ent.Client
	ctx    context.Context
	corp   int
	dept   int // an IM department, primary for everyone
	oa, im map[string]*ent.User
}

func newWorld(t *testing.T, slug string) *world {
	t.Helper()
	db := dbtest.Open(t).Client
	return newWorldIn(t, db, slug)
}

func newWorldIn(t *testing.T, db *ent.Client, slug string) *world {
	t.Helper()
	_, ctx := dbtest.Tenant(t, db, slug)
	c := db.Corp.Create().SetName(slug + " corp").SetPlatform("feishu").SaveX(ctx)
	d := db.Department.Create().SetCorpID(c.ID).SetExternalID("od-1").SetName(slug + " 研发部").SaveX(ctx)
	return &world{t: t, db: db, ctx: ctx, corp: c.ID, dept: d.ID, oa: map[string]*ent.User{}, im: map[string]*ent.User{}}
}

// person is a user to create; empty fields stay empty.
type person struct {
	ext, name, mobile, email, empNo string
	status                          user.Status
}

func (w *world) addOA(p person) *ent.User {
	w.t.Helper()
	c := w.db.User.Create().SetExternalID(p.ext).SetName(p.name).SetMobile(p.mobile).SetEmail(p.email).SetEmployeeNo(p.empNo)
	if p.status != "" {
		c.SetStatus(p.status)
	}
	u := c.SaveX(w.ctx)
	w.oa[p.ext] = u
	return u
}

func (w *world) addIM(p person) *ent.User {
	w.t.Helper()
	c := w.db.User.Create().SetCorpID(w.corp).SetExternalID(p.ext).SetOpenID("ou_" + p.ext).SetName(p.name).
		SetMobile(p.mobile).SetEmail(p.email).SetEmployeeNo(p.empNo)
	if p.status != "" {
		c.SetStatus(p.status)
	}
	u := c.SaveX(w.ctx)
	w.db.Membership.Create().SetUserID(u.ID).SetDepartmentID(w.dept).SetPrimary(true).SaveX(w.ctx)
	w.im[p.ext] = u
	return u
}

func (w *world) bind(oa, im string, m binding.Method) *ent.Binding {
	w.t.Helper()
	return w.db.Binding.Create().SetCorpID(w.corp).SetKind(binding.KindUser).SetOaUserID(w.oa[oa].ID).
		SetImUserID(w.im[im].ID).SetMethod(m).SaveX(w.ctx)
}

// pairs lists the corp's user bindings as "imExt=oaExt/method", sorted by IM id.
func (w *world) pairs() []string {
	w.t.Helper()
	bs := w.db.Binding.Query().Where(binding.CorpID(w.corp), binding.KindEQ(binding.KindUser)).
		WithOaUser().WithImUser().AllX(w.ctx)
	var out []string
	for _, b := range bs {
		out = append(out, b.Edges.ImUser.ExternalID+"="+b.Edges.OaUser.ExternalID+"/"+string(b.Method))
	}
	sortStrings(out)
	return out
}

// history lists the summaries of the tenant's audit events of action.
func (w *world) history(action string) []string {
	w.t.Helper()
	evs := w.db.AuditEvent.Query().Where(auditevent.Action(action)).Order(ent.Asc(auditevent.FieldID)).AllX(dbtest.Bootstrap())
	var out []string
	for _, e := range evs {
		out = append(out, e.Summary)
	}
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// readCSV parses an exported CSV (with its byte-order mark).
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatalf("CSV export has no UTF-8 byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func writeCSV(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := csv.NewWriter(&buf).WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readXLSX reads the first worksheet of a workbook, as a person opening it would.
func readXLSX(t testing.TB, b []byte) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// writeXLSX saves rows as a workbook the way a spreadsheet program would:
// numbers that look like numbers become numeric cells.
func writeXLSX(t testing.TB, rows [][]string) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			var val any = v
			if v != "" && strings.Trim(v, "0123456789") == "" && !strings.HasPrefix(v, "0") {
				var n int64
				for _, ch := range v {
					n = n*10 + int64(ch-'0')
				}
				val = n
			}
			if err := x.SetCellValue("Sheet1", cell, val); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// column is the index of the header cell starting with prefix.
func column(t *testing.T, header []string, prefix string) int {
	t.Helper()
	for i, h := range header {
		if strings.HasPrefix(h, prefix) {
			return i
		}
	}
	t.Fatalf("no column %q in %v", prefix, header)
	return -1
}

// fill sets the match column of the row of IM user imExt.
func fill(t *testing.T, rows [][]string, imExt, value string) {
	t.Helper()
	id, match := column(t, rows[0], "用户ID"), column(t, rows[0], "关联字段")
	for k, r := range rows {
		if k > 0 && r[id] == imExt {
			for len(r) <= match {
				r = append(r, "")
			}
			r[match] = value
			rows[k] = r
			return
		}
	}
	t.Fatalf("no row for %s", imExt)
}
