package feishu

import (
	"slices"
	"testing"
)

// A contact range may grant single people (通讯录权限范围 › 成员): the scopes
// API answers them as user_ids next to the granted departments
// (contact-v3/scope/list: 只返回在通讯录权限范围内的部门列表…、用户列表), each
// is readable wherever they sit while their department stays out of range
// (40004) and their colleagues unreadable (41050). A range of people only
// is not all members: the root stays refused.
func TestContactRangeGrantsUsers(t *testing.T) {
	org := Generate(GenOptions{Users: 60, Departments: 6, Depth: 1, Seed: 9})
	e := newEnv(t, Config{Org: org, RateLimit: RateLimit{Disabled: true}})
	top := org.Children(RootDepartmentID)
	in, out := top[0], top[1]
	granted, colleague := org.Members(out)[0], org.Members(out)[1]
	e.sim.SetContactRange(e.appID, in)
	e.sim.SetContactRangeUsers(e.appID, granted)
	tok := e.token()

	type scopes struct {
		Code int
		Data struct {
			DepartmentIDs []string `json:"department_ids"`
			UserIDs       []string `json:"user_ids"`
		}
	}
	var sc scopes
	e.get("/open-apis/contact/v3/scopes?user_id_type=user_id&department_id_type=department_id", tok, &sc)
	if sc.Code != 0 || !slices.Equal(sc.Data.DepartmentIDs, []string{in}) || !slices.Equal(sc.Data.UserIDs, []string{granted}) {
		t.Fatalf("scopes: %+v, want departments [%s] users [%s]", sc, in, granted)
	}
	var r struct{ Code int }
	if e.get("/open-apis/contact/v3/users/"+granted+"?user_id_type=user_id", tok, &r); r.Code != 0 {
		t.Fatalf("granted user: code %d", r.Code)
	}
	if e.get("/open-apis/contact/v3/users/"+colleague+"?user_id_type=user_id", tok, &r); r.Code != CodeNoUserAuthority {
		t.Fatalf("the granted user's colleague: code %d", r.Code)
	}
	if e.get("/open-apis/contact/v3/users/find_by_department?department_id_type=department_id&department_id="+out, tok, &r); r.Code != CodeNoDeptAuthority {
		t.Fatalf("the granted user's department: code %d", r.Code)
	}

	// People only.
	e.sim.SetContactRange(e.appID)
	e.get("/open-apis/contact/v3/scopes?user_id_type=user_id&department_id_type=department_id", tok, &sc)
	if sc.Code != 0 || len(sc.Data.DepartmentIDs) != 0 || !slices.Equal(sc.Data.UserIDs, []string{granted}) {
		t.Fatalf("scopes of a range of people: %+v", sc)
	}
	if e.get("/open-apis/contact/v3/departments/0/children?department_id_type=department_id", tok, &r); r.Code != CodeNoDeptAuthority {
		t.Fatalf("root with a range of people: code %d", r.Code)
	}
	e.sim.SetContactRangeUsers(e.appID)
	if e.get("/open-apis/contact/v3/departments/0/children", tok, &r); r.Code != 0 {
		t.Fatalf("all members again: code %d", r.Code)
	}
}
