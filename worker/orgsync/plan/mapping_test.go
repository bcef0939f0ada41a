package plan

import (
	"errors"
	"fmt"
	"testing"
)

// Field mapping with a direction per field (用户字段对应关系, seed 003 §4.2.3
// (1); issue 8 item 4).
func TestFieldMapping(t *testing.T) {
	oaUser := User{Key: "a", Name: "张三", Mobile: "+861", Email: "zs@oa.cn", EmployeeNo: "E1", Title: "经理", Gender: "male",
		Attributes: map[string]string{"工号": "007", "座机": "8001"}, PrimaryDepartment: "o1"}
	imUser := User{Key: "x", Name: "张三丰", Mobile: "+861", Email: "zs@im.cn", EmployeeNo: "E1", Title: "专员", Gender: "male",
		Attributes: map[string]string{"ext": "9999"}, PrimaryDepartment: "i1"}
	tests := []struct {
		name    string
		mode    Mode
		mapping []FieldMap
		oa, im  User
		want    string // the update's diff, "" for no update
	}{
		{
			name: "no mapping: the standard fields, both ways",
			mode: ModeOAToIM, oa: oaUser, im: imUser,
			want: `email "zs@im.cn"→"zs@oa.cn"; name "张三丰"→"张三"; title "专员"→"经理"`,
		},
		{
			name: "only mapped fields are compared",
			mode: ModeOAToIM, oa: oaUser, im: imUser,
			mapping: []FieldMap{{From: FieldTitle, To: FieldTitle, Direction: DirOAToIM}},
			want:    `title "专员"→"经理"`,
		},
		{
			name: "oa_to_im ignores fields that flow im_to_oa only",
			mode: ModeOAToIM, oa: oaUser, im: imUser,
			mapping: []FieldMap{{From: FieldTitle, To: FieldTitle, Direction: DirOAToIM}, {From: FieldEmail, To: FieldEmail, Direction: DirIMToOA}},
			want:    `title "专员"→"经理"`,
		},
		{
			name: "im_to_oa copies IM fields onto the OA fields they are mapped from",
			mode: ModeIMToOA, oa: oaUser, im: imUser,
			mapping: []FieldMap{{From: FieldTitle, To: FieldTitle, Direction: DirOAToIM}, {From: FieldEmail, To: FieldEmail, Direction: DirIMToOA},
				{From: AttributeField("座机"), To: AttributeField("ext"), Direction: DirBoth}},
			want: `attribute:座机 "8001"→"9999"; email "zs@oa.cn"→"zs@im.cn"`,
		},
		{
			name: "a custom OA attribute onto a standard IM field",
			mode: ModeOAToIM, oa: oaUser, im: imUser,
			mapping: []FieldMap{{From: AttributeField("工号"), To: FieldEmployeeNo, Direction: DirOAToIM}},
			want:    `employee_no "E1"→"007"`,
		},
		{
			name: "a blank source value does not clear the target's",
			mode: ModeOAToIM, oa: with(oaUser, func(x *User) { x.Title, x.Email, x.Name = "", "", "张三丰" }), im: imUser,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oaToIM()
			if tt.mode == ModeIMToOA {
				p = imToOA()
			}
			p.FieldMapping = tt.mapping
			in := Input{Profile: p,
				OA:           Directory{Departments: []Department{d("o1", "", "公司")}, Users: []User{tt.oa}},
				IM:           Directory{Departments: []Department{d("i1", "", "公司")}, Users: []User{tt.im}},
				UserBindings: []UserBinding{{OAKey: "a", IMKey: "x"}}, DepartmentBindings: []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}},
			}
			pl := mustPlan(t, in)
			target := "x"
			if tt.mode == ModeIMToOA {
				target = "a"
			}
			got := ""
			if c := find(pl, ActionUpdateUser, target); c != nil {
				for i, d := range c.Diff {
					if i > 0 {
						got += "; "
					}
					got += fmt.Sprintf("%s %q→%q", d.Field, d.Before, d.After)
				}
			}
			if got != tt.want {
				t.Errorf("diff:\n got  %s\n want %s", got, tt.want)
			}
			if len(pl.Changes) > 1 || (tt.want == "" && len(pl.Changes) > 0) {
				t.Errorf("unexpected changes %v", lines(pl))
			}
		})
	}
}

// A created account gets every mapped non-blank field, and always a name.
func TestCreatedUserFields(t *testing.T) {
	p := oaToIM()
	p.FieldMapping = []FieldMap{{From: FieldMobile, To: FieldMobile, Direction: DirBoth}, {From: AttributeField("工号"), To: FieldEmployeeNo, Direction: DirOAToIM},
		{From: FieldTitle, To: FieldTitle, Direction: DirIMToOA}}
	oa := User{Key: "a", Name: "张三", Mobile: "+861", Title: "经理", Attributes: map[string]string{"工号": "007"}, PrimaryDepartment: "o1"}
	pl := mustPlan(t, Input{Profile: p, OA: Directory{Departments: []Department{d("o1", "", "公司")}, Users: []User{oa}}})
	c := find(pl, ActionCreateUser, "new:user:a")
	want := map[Field]string{FieldName: "张三", FieldMobile: "+861", FieldEmployeeNo: "007"}
	if fmt.Sprint(c.After.Fields) != fmt.Sprint(want) {
		t.Errorf("fields = %v, want %v", c.After.Fields, want)
	}
}

func TestProfileValidation(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Profile)
		field string
	}{
		{"unknown mode", func(p *Profile) { p.Mode = "both" }, "profile.mode"},
		{"unknown permission", func(p *Profile) { p.Permission = "rw" }, "profile.permission"},
		{"unknown offboarding", func(p *Profile) { p.Offboarding = "archive" }, "profile.offboarding"},
		{"negative delete-after days (只支持正整数天)", func(p *Profile) { p.DeleteAfterDays = -1 }, "profile.delete_after_days"},
		{"negative threshold", func(p *Profile) { p.Threshold.Count = -5 }, "profile.threshold.count"},
		{"percent over 100", func(p *Profile) { p.Threshold.Percent = 120 }, "profile.threshold.percent"},
		{"auto-bind on a field that names no one", func(p *Profile) { p.AutoBindField = FieldTitle }, "profile.auto_bind_field"},
		{"user_id from the name", func(p *Profile) { p.UserIDField = FieldName }, "profile.user_id_field"},
		{"mapping an unknown field", func(p *Profile) { p.FieldMapping = []FieldMap{{From: "avatar", To: FieldName, Direction: DirBoth}} }, "profile.field_mapping[0].from"},
		{"mapping an empty attribute", func(p *Profile) { p.FieldMapping = []FieldMap{{From: FieldName, To: "attribute:", Direction: DirBoth}} }, "profile.field_mapping[0].to"},
		{"mapping without a direction", func(p *Profile) { p.FieldMapping = []FieldMap{{From: FieldName, To: FieldName}} }, "profile.field_mapping[0].direction"},
		{"two OA fields onto one IM field", func(p *Profile) {
			p.FieldMapping = []FieldMap{{From: FieldName, To: FieldName, Direction: DirOAToIM}, {From: AttributeField("昵称"), To: FieldName, Direction: DirBoth}}
		}, "profile.field_mapping[1].to"},
		{"two IM fields onto one OA field", func(p *Profile) {
			p.FieldMapping = []FieldMap{{From: FieldTitle, To: FieldTitle, Direction: DirIMToOA}, {From: FieldTitle, To: AttributeField("职务"), Direction: DirBoth}}
		}, "profile.field_mapping[1].from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oaToIM()
			tt.edit(&p)
			_, err := Make(Input{Profile: p})
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.field || ie.Rule == "" {
				t.Fatalf("err = %v, want an InputError on %s", err, tt.field)
			}
		})
	}
	t.Run("one OA field onto two IM fields is fine", func(t *testing.T) {
		p := oaToIM()
		p.FieldMapping = []FieldMap{{From: FieldEmployeeNo, To: FieldEmployeeNo, Direction: DirOAToIM}, {From: FieldEmployeeNo, To: AttributeField("工号"), Direction: DirOAToIM}}
		if _, err := Make(Input{Profile: p}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDirectoryValidation(t *testing.T) {
	tests := []struct {
		name  string
		in    Input
		field string
	}{
		{"duplicate department key", Input{OA: Directory{Departments: []Department{d("o1", "", "a"), d("o1", "", "b")}}}, "oa.departments[1].key"},
		{"empty user key", Input{IM: Directory{Users: []User{{Name: "x"}}}}, "im.users[0].key"},
		{"duplicate user key", Input{IM: Directory{Users: []User{u("x", "a", "", ""), u("x", "b", "", "")}}}, "im.users[1].key"},
		{"a parent that is not there", Input{OA: Directory{Departments: []Department{d("o1", "o0", "a")}}}, "oa.departments[0].parent_key"},
		{"a cycle", Input{OA: Directory{Departments: []Department{d("o1", "o2", "a"), d("o2", "o1", "b")}}}, "oa.departments[0].parent_key"},
		{"an unknown state", Input{OA: Directory{Users: []User{{Key: "a", State: "left"}}}}, "oa.users[0].state"},
		{"a target key that looks provisional", Input{IM: Directory{Departments: []Department{d("new:x", "", "a")}}}, "im.departments[0].key"},
		{"the IM root listed as a department", Input{IM: Directory{Departments: []Department{d("0", "", "root")}}}, "im.departments[0].key"},
		{"a user bound twice", Input{UserBindings: []UserBinding{{OAKey: "a", IMKey: "x"}, {OAKey: "a", IMKey: "y"}}}, "user_bindings[1]"},
		{"an IM department bound twice", Input{DepartmentBindings: []DepartmentBinding{{OAKey: "a", IMKey: "x"}, {OAKey: "b", IMKey: "x"}}}, "department_bindings[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Profile = oaToIM()
			_, err := Make(tt.in)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.field {
				t.Fatalf("err = %v, want an InputError on %s", err, tt.field)
			}
		})
	}
}
