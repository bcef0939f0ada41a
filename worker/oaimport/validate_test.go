package oaimport_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"imbridge/ent/user"
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
		// A NUL (PostgreSQL refuses it), a line break, invalid UTF-8: named, nothing written.
		{"control characters", oaimport.Input{
			Departments: []D{{ExternalID: "A", Name: "研发\x00部"}},
			Users: []U{
				{ExternalID: "u9", Name: "张\n三"},
				{ExternalID: "u10", Name: "李四", Title: "工程师\x07"},
				{ExternalID: "u11", Name: "王\xff五"},
			},
		}, []want{
			{"departments[0].name", "control character U+0000"},
			{"users[0].name", "control character U+000A"},
			{"users[1].title", "control character U+0007"},
			{"users[2].name", "not valid UTF-8"},
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
			{ExternalID: "d", Name: "d", Mobile: "+8613800000009"},
			{ExternalID: "e", Name: "e", Mobile: "+447123456789"},
			{ExternalID: "f", Name: "f", Mobile: "+0123456789"},
		}}, []want{
			{"users[0].mobile", `mobile "123" is not a valid number for CN (a number without + and a country code is read as one of CN)`},
			{"users[0].email", `email "a@b" has no valid domain name after @`},
			{"users[1].mobile", `mobile "12800000000" is not a valid number for CN`},
			{"users[1].email", `email "a b@c.cn" is not a valid e-mail address`},
			{"users[5].mobile", `mobile "+0123456789" does not start with a valid country code after +`},
		}},
		// The reproductions: all three passed the old pattern.
		{"mobiles invalid for their country", oaimport.Input{Users: []U{
			{ExternalID: "a", Name: "a", Mobile: "+86138001380"},
			{ExternalID: "b", Name: "b", Mobile: "+86013800138000"},
			{ExternalID: "c", Name: "c", Mobile: "+8612345"},
			{ExternalID: "d", Name: "d", Mobile: "+862112345678"},
			{ExternalID: "e", Name: "e", Mobile: "+85221234567"},
			{ExternalID: "f", Name: "f", Mobile: "+1 555 123 4567"},
			{ExternalID: "g", Name: "g", Mobile: "+659123456"},
		}}, []want{
			{"users[0].mobile", `mobile "+86138001380" is not a valid number for CN`},
			{"users[1].mobile", `mobile "+86013800138000" has a trunk prefix after the country code: write +8613800138000`},
			{"users[2].mobile", `mobile "+8612345" is not a valid number for CN`},
			{"users[3].mobile", `mobile "+862112345678" is a fixed-line number in CN, not a mobile number`},
			{"users[4].mobile", `mobile "+85221234567" is a fixed-line number in HK, not a mobile number`},
			{"users[5].mobile", `mobile "+1 555 123 4567" is not a valid number for US`},
			{"users[6].mobile", `mobile "+659123456" is not a valid number for SG`},
		}},
		{"default region", oaimport.Input{DefaultRegion: "HK", Users: []U{
			{ExternalID: "a", Name: "a", Mobile: "9123 4567"},
			{ExternalID: "b", Name: "b", Mobile: "13800138000"},
		}}, []want{{"users[1].mobile", `mobile "13800138000" is not a valid number for HK (a number without + and a country code is read as one of HK)`}}},
		{"unknown default region", oaimport.Input{DefaultRegion: "CHN", Users: []U{{ExternalID: "a", Name: "a", Mobile: "13800138000"}}},
			[]want{{"defaultRegion", `region "CHN" is not a region code of phone numbers`}}},
		// One number and one mailbox in several spellings.
		{"duplicates in canonical form", oaimport.Input{Users: []U{
			{ExternalID: "a", Name: "a", Mobile: "+8613900000004", Email: "Zhang.San@corp.com"},
			{ExternalID: "b", Name: "b", Mobile: "13900000004", Email: "zhang.san@CORP.COM"},
			{ExternalID: "c", Name: "c", Mobile: "+86 139-0000-0004"},
			{ExternalID: "d", Name: "d", Mobile: "13900000004", Email: "ZHANG.SAN@corp.com", Status: "resigned"}, // holds nothing
		}}, []want{
			{"users[1].mobile", `mobile "13900000004" (+8613900000004) is already the mobile of users[0] (external id "a"): two people cannot share one`},
			{"users[1].email", `e-mail "zhang.san@CORP.COM" (zhang.san@corp.com) is already the e-mail of users[0] (external id "a")`},
			{"users[2].mobile", `mobile "+86 139-0000-0004" (+8613900000004) is already the mobile of users[0]`},
		}},
		{"duplicate of a stored user left out of a partial import", oaimport.Input{Users: []U{
			{ExternalID: "u9", Name: "新人", Mobile: "+86 138 0000 0001"},
			{ExternalID: "u10", Name: "新人二", Email: "ZS@example.com"},
		}}, []want{
			{"users[0].mobile", `mobile "+86 138 0000 0001" (+8613800000001) is already the mobile of OA user "u1" (张三), who is not in this import`},
			{"users[1].email", `e-mail ZS@example.com is already the e-mail of OA user "u1" (张三), who is not in this import`},
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

// TestContactsThatDoNotCollide are imports whose people keep distinct
// mobiles and e-mails once applied, though a value is stored for another.
func TestContactsThatDoNotCollide(t *testing.T) {
	e := existing(t) // u1 holds +8613800000001 and zs@example.com
	for name, in := range map[string]oaimport.Input{
		// Both people are sent: the import decides who holds what.
		"swap": {Users: []U{
			{ExternalID: "u1", Name: "张三", Mobile: "+8613900000002"},
			{ExternalID: "u2", Name: "李四", Mobile: "13800000001"},
		}},
		// u1 is left out of a complete import, so resigns.
		"complete import without the holder": {Complete: true, Departments: sample().Departments, Users: []U{
			{ExternalID: "u9", Name: "新人", Mobile: "13800000001", Email: "ZS@example.com"},
		}},
		// A resigned person holds nothing: the number went to a rehire.
		"rehired under a new id": {Users: []U{
			{ExternalID: "u1", Name: "张三", Status: "resigned"},
			{ExternalID: "u1-2024", Name: "张三", Mobile: "13800000001", Email: "zs@example.com"},
		}},
		"per-country": {DefaultRegion: "sg", Users: []U{
			{ExternalID: "sg", Name: "Tan", Mobile: "8123 4567"},
			{ExternalID: "hk", Name: "Chan", Mobile: "+852 9123 4567"},
			{ExternalID: "us", Name: "Smith", Mobile: "+1 (202) 555-0123"},
			{ExternalID: "cn", Name: "王五", Mobile: "+86 139 0000 0005"},
		}},
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

// A message quotes an input value clipped to 64 characters with its length:
// a megabyte cell is named, not echoed back (here a status, a mobile and an
// over-long external id, which also names the item).
func TestMessagesClipTheValuesTheyQuote(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("状", 100_000)
	in := oaimport.Input{Users: []U{
		{ExternalID: "a", Name: "甲", Status: user.Status("x" + long)},
		{ExternalID: "b", Name: "乙", Mobile: "1" + long},
		{ExternalID: strings.Repeat("e", 5000), Name: "丙"},
	}}
	var ve *oaimport.ValidationError
	if err := oaimport.Validate(e.ctx, e.client, in); !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	seen := map[string]bool{}
	for _, p := range ve.Problems {
		if len(p.Message) > 400 || len(p.Item) > 300 {
			t.Errorf("%s: %d-byte message, %d-byte item", p.Field, len(p.Message), len(p.Item))
		}
		seen[p.Field] = true
		if p.Field == "users[0].status" && !strings.Contains(p.Message, "(100001 characters)") {
			t.Errorf("status message %.200q… does not say the value's length", p.Message)
		}
	}
	for _, f := range []string{"users[0].status", "users[1].mobile", "users[2].externalID"} {
		if !seen[f] {
			t.Errorf("no problem on %s: %v", f, ve.Problems)
		}
	}
}
