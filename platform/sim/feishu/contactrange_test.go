package feishu

import (
	"net/http"
	"testing"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// Users directly under the root are listed by find_by_department with
// department_id "0" (the find_by_department page: "根部门的部门 ID 为 0"),
// as small companies keep most people there.
func TestRootMembersAreListed(t *testing.T) {
	org := Generate(GenOptions{Users: 120, Departments: 6, RootMemberRatio: 0.3, Seed: 4})
	e := newEnv(t, Config{Org: org, RateLimit: RateLimit{Disabled: true}})
	want := org.Members(RootDepartmentID)
	if len(want) == 0 {
		t.Fatal("the generator put nobody under the root")
	}
	got := members(t, e, RootDepartmentID, 50)
	if len(got) != len(want) {
		t.Fatalf("root lists %d users, want %d", len(got), len(want))
	}
	for i, u := range got {
		if deref(u.UserId) != want[i] || len(u.DepartmentIds) != 1 || u.DepartmentIds[0] != RootDepartmentID {
			t.Fatalf("root member %d: %s %v", i, deref(u.UserId), u.DepartmentIds)
		}
	}
}

// An app whose contact range is a subtree reads that subtree only: the root
// and departments outside answer 40004 (HTTP 403), users outside 41050, and
// an unknown department on department/get 40015.
func TestContactRange(t *testing.T) {
	org := Generate(GenOptions{Users: 60, Departments: 6, Depth: 1, Seed: 9})
	e := newEnv(t, Config{Org: org, RateLimit: RateLimit{Disabled: true}})
	top := org.Children(RootDepartmentID)
	in, out := top[0], top[1]
	e.sim.SetContactRange(e.appID, in)
	tok := e.token()
	var r struct{ Code int }
	if resp := e.get("/open-apis/contact/v3/departments/0/children?department_id_type=department_id", tok, &r); r.Code != CodeNoDeptAuthority || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("root children: status %d code %d", resp.StatusCode, r.Code)
	}
	if e.get("/open-apis/contact/v3/users/find_by_department?department_id_type=department_id&department_id="+out, tok, &r); r.Code != CodeNoDeptAuthority {
		t.Fatalf("users of a department outside: code %d", r.Code)
	}
	if e.get("/open-apis/contact/v3/departments/"+out+"?department_id_type=department_id", tok, &r); r.Code != CodeNoDeptAuthority {
		t.Fatalf("department outside: code %d", r.Code)
	}
	if resp := e.get("/open-apis/contact/v3/departments/nope?department_id_type=department_id", tok, &r); r.Code != CodeDeptNotExist || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("unknown department: status %d code %d", resp.StatusCode, r.Code)
	}
	if e.get("/open-apis/contact/v3/departments/"+in+"?department_id_type=department_id", tok, &r); r.Code != 0 {
		t.Fatalf("department inside: code %d", r.Code)
	}
	outsider := org.Members(out)[0]
	if e.get("/open-apis/contact/v3/users/"+outsider+"?user_id_type=user_id", tok, &r); r.Code != CodeNoUserAuthority {
		t.Fatalf("user outside: code %d", r.Code)
	}
	insider := org.Members(in)[0]
	if e.get("/open-apis/contact/v3/users/"+insider+"?user_id_type=user_id", tok, &r); r.Code != 0 {
		t.Fatalf("user inside: code %d", r.Code)
	}
	// Moving the user out of the range makes it unreadable.
	if _, err := org.UpdateUser(insider, func(u *User) { u.DepartmentIDs = []string{out} }); err != nil {
		t.Fatal(err)
	}
	if e.get("/open-apis/contact/v3/users/"+insider+"?user_id_type=user_id", tok, &r); r.Code != CodeNoUserAuthority {
		t.Fatalf("user moved out: code %d", r.Code)
	}
	e.sim.SetContactRange(e.appID)
	if e.get("/open-apis/contact/v3/departments/0/children", tok, &r); r.Code != 0 {
		t.Fatalf("all members again: code %d", r.Code)
	}
}

// Without the field permission 获取用户 user ID
// (contact:user.employee_id:readonly) users come without user_id, in
// listings, reads and events alike; the requests still succeed.
func TestUserIDNeedsTheFieldPermission(t *testing.T) {
	org := Generate(GenOptions{Users: 20, Departments: 2, Seed: 3})
	e := newEnv(t, Config{Org: org, RateLimit: RateLimit{Disabled: true}})
	e.sim.SetScopes(e.appID, ScopeContactReadonly)
	dept := org.Children(RootDepartmentID)[0]
	resp, err := e.client.Contact.User.FindByDepartment(ctx(t), larkcontact.NewFindByDepartmentUserReqBuilder().
		DepartmentId(dept).DepartmentIdType("department_id").UserIdType("user_id").PageSize(50).Build())
	if err != nil || !resp.Success() || len(resp.Data.Items) == 0 {
		t.Fatalf("find_by_department: %v %+v", err, resp)
	}
	for _, u := range resp.Data.Items {
		if u.UserId != nil || u.OpenId == nil || deref(u.Name) == "" {
			t.Fatalf("user_id returned without the field permission: %+v", u)
		}
	}
	ev := e.sim.eventView(e.appID).userEvent(org.Snapshot().Users[0])
	if ev.UserId != nil || ev.OpenId == nil {
		t.Fatalf("event carries user_id without the field permission: %+v", ev)
	}
}
