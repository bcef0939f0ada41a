package plan

import (
	"testing"
)

// User matching: binding → auto-bind field → new (seed 003 §4.3.2.2 (1),
// §4.2.4 (2), §4.3.2.1; issue 8 item 3).
func TestMatchUsers(t *testing.T) {
	oaDepts := []Department{d("o1", "", "公司")}
	imDepts := []Department{d("i1", "", "公司")}
	dept := []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}}
	tests := []struct {
		name    string
		profile func(*Profile)
		oa, im  []User
		binds   []UserBinding
		want    []string
		review  []string
	}{
		{
			name:  "an existing binding comes first, whatever the auto-bind field says",
			oa:    []User{u("a", "A", "+861", "o1")},
			im:    []User{u("x", "A", "+862", "i1"), u("y", "A", "+861", "i1")},
			binds: []UserBinding{{OAKey: "a", IMKey: "x", Method: BindManual}},
			want:  []string{"update_user a>x"},
		},
		{
			name: "§4.2.4 (2) one candidate with the same mobile on each side: bound (method auto)",
			oa:   []User{u("a", "A", "+861", "o1")},
			im:   []User{u("x", "A", "+861", "i1")},
			want: []string{"bind_user a>x"},
		},
		{
			name:    "auto-bind by e-mail",
			profile: func(p *Profile) { p.AutoBindField = FieldEmail },
			oa:      []User{with(u("a", "A", "", "o1"), func(x *User) { x.Email = "a@corp.cn" })},
			im:      []User{with(u("x", "A", "", "i1"), func(x *User) { x.Email = "a@corp.cn" })},
			want:    []string{"bind_user a>x"},
		},
		{
			name:    "auto-bind by employee no.",
			profile: func(p *Profile) { p.AutoBindField = FieldEmployeeNo },
			oa:      []User{with(u("a", "A", "+861", "o1"), func(x *User) { x.EmployeeNo = "E1" })},
			im:      []User{with(u("x", "A", "+869", "i1"), func(x *User) { x.EmployeeNo = "E1" })},
			want:    []string{"bind_user a>x", "update_user a>x"},
		},
		{
			name: "auto-bind by a custom attribute, compared with the IM field it is mapped to",
			profile: func(p *Profile) {
				p.AutoBindField = AttributeField("工号")
				p.FieldMapping = []FieldMap{{From: AttributeField("工号"), To: FieldEmployeeNo, Direction: DirOAToIM}}
			},
			oa:   []User{with(u("a", "A", "", "o1"), func(x *User) { x.Attributes = map[string]string{"工号": "007"} })},
			im:   []User{with(u("x", "A", "", "i1"), func(x *User) { x.EmployeeNo = "007" })},
			want: []string{"bind_user a>x"},
		},
		{
			name:   "several IM users with the mobile: ambiguous, reviewed, never guessed nor created",
			oa:     []User{u("a", "A", "+861", "o1")},
			im:     []User{u("x", "A", "+861", "i1"), u("y", "A2", "+861", "i1")},
			review: []string{"ambiguous a>"},
		},
		{
			name:   "several OA users with the mobile: each ambiguous",
			oa:     []User{u("a", "A", "+861", "o1"), u("b", "B", "+861", "o1")},
			im:     []User{u("x", "A", "+861", "i1")},
			review: []string{"ambiguous a>", "ambiguous b>"},
		},
		{
			name: "no candidate: created (§4.3.2.1), bound by the create",
			oa:   []User{u("a", "A", "+861", "o1")},
			want: []string{"create_user a>new:user:a"},
		},
		{
			name:    "no candidate and 新用户是否添加到飞书 off: listed, not created",
			profile: func(p *Profile) { p.CreateUsers = false },
			oa:      []User{u("a", "A", "+861", "o1")},
			review:  []string{"unmatched a>"},
		},
		{
			name:    "§4.3.2.1 the configured OA field becomes the created account's user_id",
			profile: func(p *Profile) { p.UserIDField = FieldEmployeeNo },
			oa:      []User{with(u("a", "A", "+861", "o1"), func(x *User) { x.EmployeeNo = "E42" })},
			want:    []string{"create_user a>E42"},
		},
		{
			name:    "user_id field key: the OA key",
			profile: func(p *Profile) { p.UserIDField = FieldKey },
			oa:      []User{u("a", "A", "+861", "o1")},
			want:    []string{"create_user a>a"},
		},
		{
			name:    "user_id field empty: listed, not created",
			profile: func(p *Profile) { p.UserIDField = FieldEmployeeNo },
			oa:      []User{u("a", "A", "+861", "o1")},
			review:  []string{"user_id_empty a>"},
		},
		{
			name:    "user_id already an IM account's (or another new one's): listed, not created",
			profile: func(p *Profile) { p.UserIDField = FieldEmployeeNo },
			oa: []User{with(u("a", "A", "+861", "o1"), func(x *User) { x.EmployeeNo = "E1" }),
				with(u("b", "B", "+862", "o1"), func(x *User) { x.EmployeeNo = "E2" }),
				with(u("c", "C", "+863", "o1"), func(x *User) { x.EmployeeNo = "E2" })},
			im:     []User{u("E1", "Other", "+869", "i1")},
			want:   []string{"create_user b>E2"},
			review: []string{"user_id_taken a>", "user_id_taken c>"},
		},
		{
			name:    "auto-bind none: no matching by field",
			profile: func(p *Profile) { p.AutoBindField = FieldNone },
			oa:      []User{u("a", "A", "+861", "o1")},
			im:      []User{u("x", "A", "+861", "i1")},
			want:    []string{"create_user a>new:user:a"},
		},
		{
			name:  "an IM account bound to someone present is not a candidate",
			oa:    []User{u("a", "A", "+861", "o1"), u("b", "B", "+861", "o1")},
			im:    []User{u("x", "A", "+861", "i1")},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:  []string{"create_user b>new:user:b"},
		},
		{
			name:  "rehired, same OA record active again: the old account is re-enabled, no second account",
			oa:    []User{u("a", "A", "+861", "o1")},
			im:    []User{disabled(u("x", "A", "+861", "i1"))},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:  []string{"enable_user a>x"},
		},
		{
			name:  "rehired and the IM account was deleted: it is restored (resurrect), not recreated",
			oa:    []User{u("a", "A", "+861", "o1")},
			im:    []User{resigned(u("x", "A", "+861", "i1"))},
			binds: []UserBinding{{OAKey: "a", IMKey: "x"}},
			want:  []string{"restore_user a>x"},
		},
		{
			name:  "rehired under a new OA record: the binding moves to it and the account comes back",
			oa:    []User{resigned(u("a-old", "A", "+861", "o1")), u("a-new", "A", "+861", "o1")},
			im:    []User{disabled(u("x", "A", "+861", "i1"))},
			binds: []UserBinding{{OAKey: "a-old", IMKey: "x"}},
			want:  []string{"unbind_user a-old>x", "bind_user a-new>x", "enable_user a-new>x"},
		},
		{
			name: "an unbound deleted IM account with the mobile is not reused (a recycled number is not a rehire)",
			oa:   []User{u("a", "A", "+861", "o1")},
			im:   []User{resigned(u("x", "Old", "+861", "i1"))},
			want: []string{"create_user a>new:user:a"},
		},
		{
			name:   "the bound IM account is missing from the mirror: listed, no second account",
			oa:     []User{u("a", "A", "+861", "o1")},
			binds:  []UserBinding{{OAKey: "a", IMKey: "ghost"}},
			review: []string{"bound_target_missing a>ghost"},
		},
		{
			name:   "the bound IM account is outside the app's range: listed, not written",
			oa:     []User{u("a", "A2", "+861", "o1")},
			im:     []User{with(u("x", "A", "+861", "i1"), func(x *User) { x.State = UserOutOfScope })},
			binds:  []UserBinding{{OAKey: "a", IMKey: "x"}},
			review: []string{"target_out_of_scope a>x"},
		},
		{
			name: "resigned and suspended OA users are never auto-bound or created",
			oa:   []User{resigned(u("a", "A", "+861", "o1")), disabled(u("b", "B", "+862", "o1"))},
			im:   []User{u("x", "A", "+861", "i1")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oaToIM()
			if tt.profile != nil {
				tt.profile(&p)
			}
			in := Input{Profile: p, OA: Directory{Departments: oaDepts, Users: tt.oa}, IM: Directory{Departments: imDepts, Users: tt.im},
				UserBindings: tt.binds, DepartmentBindings: dept}
			pl := mustPlan(t, in)
			wantLines(t, "changes", lines(pl), tt.want)
			wantLines(t, "review", reviewLines(pl), tt.review)
		})
	}
}

func TestAutoBindDetails(t *testing.T) {
	in := Input{Profile: oaToIM(),
		OA:                 Directory{Departments: []Department{d("o1", "", "公司")}, Users: []User{resigned(u("a-old", "A", "+861", "o1")), u("a-new", "A", "+861", "o1")}},
		IM:                 Directory{Departments: []Department{d("i1", "", "公司")}, Users: []User{disabled(u("x", "A", "+861", "i1"))}},
		UserBindings:       []UserBinding{{OAKey: "a-old", IMKey: "x"}},
		DepartmentBindings: []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}},
	}
	pl := mustPlan(t, in)
	bind := find(pl, ActionBindUser, "x")
	if bind == nil || bind.Method != BindAuto || bind.Reason.Code != ReasonRehired {
		t.Fatalf("bind = %+v, want method auto, reason rehired", bind)
	}
	if en := find(pl, ActionEnableUser, "x"); en.Reason.Code != ReasonRehired {
		t.Errorf("enable reason = %s, want rehired", en.Reason.Code)
	}
	if pl.Stats.Users.Matched != 1 || pl.Brake.Counts.Disable != 0 {
		t.Errorf("stats %+v, brake %+v: the left record must not be offboarded", pl.Stats.Users, pl.Brake.Counts)
	}

	amb := mustPlan(t, Input{Profile: oaToIM(),
		OA: Directory{Departments: []Department{d("o1", "", "公司")}, Users: []User{u("a", "A", "+861", "o1")}},
		IM: Directory{Departments: []Department{d("i1", "", "公司")}, Users: []User{u("y", "A", "+861", "i1"), u("x", "A", "+861", "i1")}},
	})
	if r := amb.Review[0]; r.Field != FieldMobile || r.Value != "+861" || len(r.Candidates) != 2 || r.Candidates[0] != "x" {
		t.Errorf("ambiguous item = %+v, want the field, the value and the sorted candidates", r)
	}
}

// im_to_bridge (issue 8 item 2): the mirror plus auto-binding; no writes,
// so read_only is fine.
func TestIMToBridgeOnlyBinds(t *testing.T) {
	in := Input{Profile: Profile{Mode: ModeIMToBridge, AutoBindField: FieldMobile},
		OA:           Directory{Departments: []Department{d("o1", "", "公司")}, Users: []User{u("a", "A", "+861", "o1"), u("b", "B", "+862", "o1"), u("c", "C", "+863", "o1")}},
		IM:           Directory{Departments: []Department{d("i1", "", "别的名字")}, Users: []User{u("x", "A2", "+861", "i1"), u("y", "B", "+862", "i1"), u("z", "Z", "+864", "i1")}},
		UserBindings: []UserBinding{{OAKey: "b", IMKey: "y"}},
	}
	pl := mustPlan(t, in)
	wantLines(t, "changes", lines(pl), []string{"bind_user x>a"})
	if pl.SourceSide != SideIM || pl.Tree != nil {
		t.Errorf("source side %s, tree %v", pl.SourceSide, pl.Tree)
	}
}
