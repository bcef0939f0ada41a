package oaimport_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"imbridge/worker/oaimport"
)

type D = oaimport.Department
type U = oaimport.User
type M = oaimport.Membership

// want is one expected problem: its field and a part of its message.
type want struct{ field, message string }

// existing sets up the directory the validation cases run against:
// HQ ← RD ← RD1, HQ ← MKT, u1…u3, and OLD, removed by a complete import.
func existing(t *testing.T) *env {
	e := newEnv(t)
	in := sample()
	in.Departments = append(in.Departments, D{ExternalID: "OLD", Name: "旧部门", ParentExternalID: "HQ"})
	e.run(in)
	in = sample()
	in.Complete = true
	wantCounters(t, e.run(in), counters(0, 0, 0, 7, 1))
	return e
}

func TestValidationRules(t *testing.T) {
	long := strings.Repeat("部", 1025) // over the 1024 characters a name may have
	cases := []struct {
		name string
		in   oaimport.Input
		want []want
	}{
		{"required", oaimport.Input{
			Departments: []D{{ExternalID: " ", Name: "x"}, {ExternalID: "A", Name: " \t"}},
			Users:       []U{{Name: "n"}, {ExternalID: "u9"}},
		}, []want{
			{"departments[0].externalID", "external id is required"},
			{"departments[1].name", "name is required"},
			{"users[0].externalID", "external id is required"},
			{"users[1].name", "name is required"},
		}},
		{"too long", oaimport.Input{
			Departments: []D{{ExternalID: strings.Repeat("a", 129), Name: long}},
			Users:       []U{{ExternalID: "u9", Name: "n", EmployeeNo: strings.Repeat("号", 513), Title: long}},
		}, []want{
			{"departments[0].externalID", "external id is too long: 129 bytes, at most 128"},
			{"departments[0].name", "name is too long: 1025 characters, at most 1024"},
			{"users[0].employeeNo", "employee number is too long: 513 characters, at most 512"},
			{"users[0].title", "title is too long: 1025 characters"},
		}},
		{"duplicate external ids", oaimport.Input{
			Departments: []D{{ExternalID: "D1", Name: "a"}, {ExternalID: "D2", Name: "b"}, {ExternalID: " D1", Name: "c"}},
			Users:       []U{{ExternalID: "u9", Name: "a"}, {ExternalID: "u9", Name: "b"}},
		}, []want{
			{"departments[2].externalID", `external id "D1" is used twice: by departments[0] and departments[2]`},
			{"users[1].externalID", `external id "u9" is used twice: by users[0] and users[1]`},
		}},
		{"unknown parent", oaimport.Input{Departments: []D{{ExternalID: "X", Name: "x", ParentExternalID: "NOPE"}}},
			[]want{{"departments[0].parentExternalID", `parent department "NOPE" does not exist`}}},
		{"removed parent", oaimport.Input{Departments: []D{{ExternalID: "X", Name: "x", ParentExternalID: "OLD"}}},
			[]want{{"departments[0].parentExternalID", `parent department "OLD" was removed`}}},
		{"complete import refers to a department it leaves out", oaimport.Input{Complete: true,
			Departments: []D{{ExternalID: "X", Name: "x", ParentExternalID: "RD"}},
			Users:       []U{{ExternalID: "u9", Name: "n", Memberships: []M{{DepartmentExternalID: "X"}, {DepartmentExternalID: "HQ"}}}},
		}, []want{
			{"departments[0].parentExternalID", `parent department "RD" is not in this import`},
			{"users[0].memberships[1].departmentExternalID", `department "HQ" is not in this import`},
		}},
		{"own parent", oaimport.Input{Departments: []D{{ExternalID: "X", Name: "x", ParentExternalID: "X"}}},
			[]want{{"departments[0].parentExternalID", `department "X" cannot be its own parent`}}},
		{"cycle in the input", oaimport.Input{Departments: []D{
			{ExternalID: "A", Name: "a", ParentExternalID: "B"},
			{ExternalID: "E", Name: "e", ParentExternalID: "A"}, // under the cycle, not on it
			{ExternalID: "B", Name: "b", ParentExternalID: "C"},
			{ExternalID: "C", Name: "c", ParentExternalID: "A"},
		}}, []want{
			{"departments[0].parentExternalID", `parent "B" would make a cycle: A → B → C → A`},
			{"departments[2].parentExternalID", `parent "C" would make a cycle: B → C → A → B`},
			{"departments[3].parentExternalID", `parent "A" would make a cycle: C → A → B → C`},
		}},
		{"cycle through existing departments", oaimport.Input{Departments: []D{
			{ExternalID: "HQ", Name: "总部", ParentExternalID: "RD1"},
		}}, []want{{"departments[0].parentExternalID", `parent "RD1" would make a cycle: HQ → RD1 → RD → HQ`}}},
		{"memberships", oaimport.Input{Users: []U{
			{ExternalID: "u1", Name: "张三", Memberships: []M{
				{DepartmentExternalID: "NOPE"},
				{DepartmentExternalID: "RD"},
				{DepartmentExternalID: "RD", Primary: true},
				{DepartmentExternalID: ""},
				{DepartmentExternalID: "MKT", Primary: true},
			}},
		}}, []want{
			{"users[0].memberships[0].departmentExternalID", `department "NOPE" does not exist`},
			{"users[0].memberships[2].departmentExternalID", `department "RD" is listed twice: in memberships[1] and memberships[2]`},
			{"users[0].memberships[3].departmentExternalID", "department external id is required"},
			{"users[0].memberships[4].primary", "only one membership may be primary: memberships[2] and memberships[4] both are"},
		}},
		{"contacts", oaimport.Input{Users: []U{
			{ExternalID: "a", Name: "a", Mobile: "123", Email: "a@b"},
			{ExternalID: "b", Name: "b", Mobile: "12800000000", Email: "a b@c.cn"},
			{ExternalID: "c", Name: "c", Mobile: "+86 13800000000", Email: "ok@example.com"},
			{ExternalID: "d", Name: "d", Mobile: "+8613800000000"},
			{ExternalID: "e", Name: "e", Mobile: "+447700900123"},
			{ExternalID: "f", Name: "f", Mobile: "+0123456789"},
		}}, []want{
			{"users[0].mobile", `mobile "123" is not a valid mobile number: use 11 digits (optionally +86) or +country code`},
			{"users[0].email", `email "a@b" is not a valid e-mail address`},
			{"users[1].mobile", `mobile "12800000000" is not a valid mobile number`},
			{"users[1].email", `email "a b@c.cn" is not a valid e-mail address`},
			{"users[2].mobile", `mobile "+86 13800000000" is not a valid mobile number`},
			{"users[5].mobile", `mobile "+0123456789" is not a valid mobile number`},
		}},
		{"status", oaimport.Input{Users: []U{{ExternalID: "u1", Name: "张三", Status: "gone"}}},
			[]want{{"users[0].status", `status "gone" is not one of active, disabled, resigned`}}},
		{"valid changes next to one bad value", oaimport.Input{
			Departments: []D{
				{ExternalID: "HQ", Name: "集团"},
				{ExternalID: "RD", Name: "研发部", ParentExternalID: "MKT"},
				{ExternalID: "NEW", Name: "新部门", ParentExternalID: "HQ"},
				{ExternalID: "MKT", Name: "市场部", ParentExternalID: "HQ"},
			},
			Users: []U{
				{ExternalID: "u1", Name: "改名", Memberships: []M{{DepartmentExternalID: "NEW"}}},
				{ExternalID: "u2", Name: "李四", Email: "bad"},
				{ExternalID: "u10", Name: "新人"},
			},
			Complete: true,
		}, []want{{"users[1].email", `email "bad" is not a valid e-mail address`}}},
	}
	e := existing(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			before := e.dump()
			got := e.invalid(c.in)
			if len(got) != len(c.want) {
				t.Errorf("got %d problems, want %d:\n%s", len(got), len(c.want), list(got))
			}
			for i := range min(len(got), len(c.want)) {
				if got[i].Field != c.want[i].field || !strings.Contains(got[i].Message, c.want[i].message) {
					t.Errorf("problem %d = %s: %s\nwant %s: …%s…", i, got[i].Field, got[i].Message, c.want[i].field, c.want[i].message)
				}
			}
			if after := e.dump(); after != before {
				t.Errorf("invalid import wrote:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

func list(ps []oaimport.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %s [%s]: %s\n", p.Field, p.Item, p.Message)
	}
	return b.String()
}

func TestValidInputsPass(t *testing.T) {
	e := existing(t)
	for name, in := range map[string]oaimport.Input{
		"existing parent, incremental": {Departments: []D{{ExternalID: "X", Name: "x", ParentExternalID: "RD"}}},
		"removed parent sent again":    {Departments: []D{{ExternalID: "X", Name: "x", ParentExternalID: "OLD"}, {ExternalID: "OLD", Name: "旧部门"}}},
		"generated":                    oaimport.Generate(300, 40, 7),
		// Lengths count characters: 86 CJK characters (258 bytes) and 64
		// emoji (256 bytes) are ordinary names.
		"long in bytes, short in characters": {
			Departments: []D{{ExternalID: "D86", Name: strings.Repeat("部", 86)}},
			Users: []U{{ExternalID: "u86", Name: strings.Repeat("😀", 64), Title: strings.Repeat("经", 86),
				EmployeeNo: strings.Repeat("号", 86), Memberships: []M{{DepartmentExternalID: "D86"}}}},
		},
		"empty": {},
	} {
		if err := oaimport.Validate(e.ctx, e.client, in); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestValidationErrorMessage(t *testing.T) {
	e := newEnv(t)
	in := oaimport.Input{Users: []U{{ExternalID: "a"}, {ExternalID: "b"}, {ExternalID: "c"}, {ExternalID: "d"}, {ExternalID: "e", Name: "e", Mobile: "1"}}}
	err := oaimport.Validate(e.ctx, e.client, in)
	var ve *oaimport.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 5 {
		t.Fatalf("err = %v", err)
	}
	const msg = "invalid directory import: 5 problems: users[0].name: name is required; users[1].name: name is required; users[2].name: name is required; and 2 more"
	if err.Error() != msg {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), msg)
	}
	if ve.Problems[4].Item != `users[4] (external id "e")` {
		t.Errorf("Item = %q", ve.Problems[4].Item)
	}
}
