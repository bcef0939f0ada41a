package feishu

import (
	"testing"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// members pages find_by_department by hand on has_more.
func members(t *testing.T, e *env, deptID string, pageSize int) []*larkcontact.User {
	t.Helper()
	var out []*larkcontact.User
	token := ""
	for pages := 0; pages < 10000; pages++ {
		b := larkcontact.NewFindByDepartmentUserReqBuilder().DepartmentId(deptID).
			DepartmentIdType("department_id").UserIdType("user_id").PageSize(pageSize)
		if token != "" {
			b.PageToken(token)
		}
		resp, err := e.client.Contact.User.FindByDepartment(ctx(t), b.Build())
		if err != nil || !resp.Success() {
			t.Fatalf("find_by_department: %v %+v", err, resp)
		}
		out = append(out, resp.Data.Items...)
		if !deref(resp.Data.HasMore) {
			if resp.Data.PageToken != nil {
				t.Fatal("last page carries a page_token")
			}
			return out
		}
		token = deref(resp.Data.PageToken)
	}
	t.Fatal("pagination does not end")
	return nil
}

func TestFindByDepartmentMirrorsOrg(t *testing.T) {
	org := Generate(GenOptions{Users: 400, Departments: 12, Depth: 2, FanOut: 6,
		PartTimeRatio: 0.2, ResignedRatio: 0.1, Seed: 11})
	// Paging every department is far over 50 calls/s: limits off here.
	e := newEnv(t, Config{Org: org, RateLimit: RateLimit{Disabled: true}})
	snap := org.Snapshot()
	byID := map[string]User{}
	for _, u := range snap.Users {
		byID[u.UserID] = u
	}
	seen := map[string]int{}
	for _, d := range snap.Departments {
		got := members(t, e, d.DepartmentID, 9)
		want := org.Members(d.DepartmentID)
		if len(got) != len(want) {
			t.Fatalf("dept %s: %d users, want %d", d.DepartmentID, len(got), len(want))
		}
		for i, g := range got {
			id := deref(g.UserId)
			if id != want[i] {
				t.Fatalf("dept %s pos %d: %s want %s", d.DepartmentID, i, id, want[i])
			}
			u := byID[id]
			if u.Resigned {
				t.Fatalf("resigned user %s listed", id)
			}
			if deref(g.Name) != u.Name || deref(g.Mobile) != u.Mobile || deref(g.Email) != u.Email ||
				deref(g.EmployeeNo) != u.EmployeeNo || len(g.DepartmentIds) != len(u.DepartmentIDs) ||
				g.DepartmentIds[0] != u.DepartmentIDs[0] || deref(g.LeaderUserId) != u.LeaderUserID {
				t.Fatalf("user %s: got %+v want %+v", id, g, u)
			}
			if !deref(g.Orders[0].IsPrimaryDept) {
				t.Fatal("first order is not the primary department")
			}
			seen[id]++
		}
	}
	active, partTime := 0, 0
	for _, u := range snap.Users {
		if !u.Resigned {
			active++
			if seen[u.UserID] != len(u.DepartmentIDs) {
				t.Fatalf("user %s seen %d times, in %d departments", u.UserID, seen[u.UserID], len(u.DepartmentIDs))
			}
			if len(u.DepartmentIDs) > 1 {
				partTime++
			}
		}
	}
	if active == len(snap.Users) || partTime == 0 {
		t.Fatalf("generator: want some resigned and part-time users (active %d/%d, part-time %d)",
			active, len(snap.Users), partTime)
	}
}

func TestUserIDTypes(t *testing.T) {
	org := Generate(GenOptions{Users: 20, Departments: 3, Seed: 5})
	e := newEnv(t, Config{Org: org})
	u := org.Snapshot().Users[0]
	ids := map[string]string{
		UserIDTypeUserID:  u.UserID,
		UserIDTypeOpenID:  OpenID(e.appID, u.UserID),
		UserIDTypeUnionID: u.UnionID,
	}
	for typ, id := range ids {
		resp, err := e.client.Contact.User.Get(ctx(t), larkcontact.NewGetUserReqBuilder().
			UserId(id).UserIdType(typ).DepartmentIdType("department_id").Build())
		if err != nil || !resp.Success() {
			t.Fatalf("%s: %v %+v", typ, err, resp)
		}
		got := resp.Data.User
		if deref(got.UserId) != u.UserID || deref(got.OpenId) != ids[UserIDTypeOpenID] ||
			deref(got.UnionId) != u.UnionID || got.DepartmentIds[0] != u.DepartmentIDs[0] {
			t.Fatalf("%s: got %+v", typ, got)
		}
	}
	// open_id is per app: another app sees another open_id for the same user.
	if OpenID("cli_other", u.UserID) == ids[UserIDTypeOpenID] {
		t.Fatal("open_id is not per app")
	}
	// Default department id type renders open_department_ids.
	resp, _ := e.client.Contact.User.Get(ctx(t), larkcontact.NewGetUserReqBuilder().UserId(u.UserID).UserIdType("user_id").Build())
	if resp.Data.User.DepartmentIds[0] != openDepartmentID(org.TenantKey(), u.DepartmentIDs[0]) {
		t.Fatalf("default department id type: %v", resp.Data.User.DepartmentIds)
	}
	// Unknown ids.
	resp, _ = e.client.Contact.User.Get(ctx(t), larkcontact.NewGetUserReqBuilder().UserId("ou_nobody").Build())
	if resp.Code != CodeUserIDInvalid {
		t.Fatalf("unknown user: %d", resp.Code)
	}
}

func TestUserCreatePatchDelete(t *testing.T) {
	org := Generate(GenOptions{Users: 10, Departments: 3, Seed: 9})
	e := newEnv(t, Config{Org: org})
	c := ctx(t)
	users := e.client.Contact.User
	depts := org.Children(RootDepartmentID)

	newUser := func() *larkcontact.User {
		return larkcontact.NewUserBuilder().Name("李雷").Mobile("+8613912345678").Email("li.lei@simcorp.cn").
			DepartmentIds([]string{depts[0], depts[1]}).EmployeeType(1).EmployeeNo("X001").JobTitle("工程师").Build()
	}
	create := func(u *larkcontact.User, token string) *larkcontact.CreateUserResp {
		b := larkcontact.NewCreateUserReqBuilder().User(u).UserIdType("user_id").DepartmentIdType("department_id")
		if token != "" {
			b.ClientToken(token)
		}
		r, err := users.Create(c, b.Build())
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := create(newUser(), "ct-1")
	if !r.Success() {
		t.Fatalf("create: %+v", r.CodeError)
	}
	uid := deref(r.Data.User.UserId)
	if r.Data.User.Mobile != nil {
		t.Fatal("create response must not carry the mobile")
	}
	if again := create(newUser(), "ct-1"); deref(again.Data.User.UserId) != uid {
		t.Fatalf("client_token retry created %s, want %s", deref(again.Data.User.UserId), uid)
	}
	if dup := create(newUser(), ""); dup.Code != CodeMobileExists {
		t.Fatalf("duplicate mobile: %d", dup.Code)
	}
	noType := newUser()
	noType.EmployeeType = nil
	if r := create(noType, ""); r.Code != CodeFieldValidation {
		t.Fatalf("missing employee_type: %d", r.Code)
	}
	if got := org.Members(depts[1]); got[len(got)-1] != uid {
		t.Fatalf("new user not appended to part-time department: %v", got)
	}

	p, err := users.Patch(c, larkcontact.NewPatchUserReqBuilder().UserId(uid).UserIdType("user_id").DepartmentIdType("department_id").
		User(larkcontact.NewUserBuilder().JobTitle("高级工程师").DepartmentIds([]string{depts[2]}).Build()).Build())
	if err != nil || !p.Success() {
		t.Fatalf("patch: %v %+v", err, p)
	}
	u, _ := org.User(uid)
	if u.JobTitle != "高级工程师" || len(u.DepartmentIDs) != 1 || u.DepartmentIDs[0] != depts[2] || u.Name != "李雷" {
		t.Fatalf("after patch: %+v", u)
	}
	for _, m := range org.Members(depts[0]) {
		if m == uid {
			t.Fatal("user still listed in its old department")
		}
	}

	d, err := users.Delete(c, larkcontact.NewDeleteUserReqBuilder().UserId(OpenID(e.appID, uid)).Build())
	if err != nil || !d.Success() {
		t.Fatalf("delete: %v %+v", err, d)
	}
	g, _ := users.Get(c, larkcontact.NewGetUserReqBuilder().UserId(uid).UserIdType("user_id").Build())
	if !g.Success() || !deref(g.Data.User.Status.IsResigned) {
		t.Fatalf("deleted user should read as resigned: %+v", g)
	}
	d, _ = users.Delete(c, larkcontact.NewDeleteUserReqBuilder().UserId(uid).UserIdType("user_id").Build())
	if d.Code != CodeUserResigned {
		t.Fatalf("second delete: %d", d.Code)
	}
	// The mobile is free again.
	if r := create(newUser(), ""); !r.Success() {
		t.Fatalf("re-create with a freed mobile: %+v", r.CodeError)
	}
}

func TestBatchGetID(t *testing.T) {
	org := Generate(GenOptions{Users: 60, Departments: 4, ResignedRatio: 0.3, Seed: 21})
	e := newEnv(t, Config{Org: org})
	var active, resigned User
	for _, u := range org.Snapshot().Users {
		if u.Resigned && resigned.UserID == "" {
			resigned = u
		}
		if !u.Resigned && active.UserID == "" {
			active = u
		}
	}
	call := func(include bool) []*larkcontact.UserContactInfo {
		body := larkcontact.NewBatchGetIdUserReqBodyBuilder().
			Emails([]string{active.Email, "nobody@simcorp.cn", resigned.Email}).
			Mobiles([]string{active.Mobile[3:], resigned.Mobile}).IncludeResigned(include).Build()
		r, err := e.client.Contact.User.BatchGetId(ctx(t), larkcontact.NewBatchGetIdUserReqBuilder().
			UserIdType("user_id").Body(body).Build())
		if err != nil || !r.Success() {
			t.Fatalf("batch_get_id: %v %+v", err, r)
		}
		return r.Data.UserList
	}
	list := call(false)
	if len(list) != 5 {
		t.Fatalf("want 5 results (3 emails + 2 mobiles), got %d", len(list))
	}
	if deref(list[0].UserId) != active.UserID || list[1].UserId != nil || list[2].UserId != nil ||
		deref(list[3].UserId) != active.UserID || list[4].UserId != nil {
		t.Fatalf("without resigned: %+v", list)
	}
	if deref(list[3].Mobile) != active.Mobile[3:] {
		t.Fatal("mobile must be echoed as sent")
	}
	list = call(true)
	if deref(list[2].UserId) != resigned.UserID || deref(list[4].UserId) != resigned.UserID ||
		!deref(list[4].Status.IsResigned) {
		t.Fatalf("with resigned: %+v %+v", list[2], list[4])
	}
	many := make([]string, 51)
	r, _ := e.client.Contact.User.BatchGetId(ctx(t), larkcontact.NewBatchGetIdUserReqBuilder().
		Body(larkcontact.NewBatchGetIdUserReqBodyBuilder().Emails(many).Build()).Build())
	if r.Code != CodeFieldValidation {
		t.Fatalf("51 emails: %d", r.Code)
	}
}
