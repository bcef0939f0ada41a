package feishu

import (
	"net/http"
	"testing"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// allDepartments pages GET …/children?fetch_child=true by hand on has_more.
func allDepartments(t *testing.T, e *env, pageSize int, idType string) []*larkcontact.Department {
	t.Helper()
	var out []*larkcontact.Department
	token := ""
	for pages := 0; ; pages++ {
		if pages > 10000 {
			t.Fatal("pagination does not end")
		}
		b := larkcontact.NewChildrenDepartmentReqBuilder().DepartmentId("0").FetchChild(true).
			PageSize(pageSize).DepartmentIdType(idType).UserIdType("user_id")
		if token != "" {
			b.PageToken(token)
		}
		resp, err := e.client.Contact.Department.Children(ctx(t), b.Build())
		if err != nil || !resp.Success() {
			t.Fatalf("children: err=%v resp=%+v", err, resp)
		}
		out = append(out, resp.Data.Items...)
		if !deref(resp.Data.HasMore) {
			if resp.Data.PageToken != nil {
				t.Fatalf("last page carries a page_token %q", *resp.Data.PageToken)
			}
			return out
		}
		token = deref(resp.Data.PageToken)
	}
}

func TestChildrenFetchChildMirrorsOrg(t *testing.T) {
	org := Generate(GenOptions{Users: 300, Departments: 60, Depth: 4, FanOut: 4, Seed: 7})
	e := newEnv(t, Config{Org: org})
	snap := org.Snapshot()

	got := allDepartments(t, e, 7, DepartmentIDTypeDepartmentID)
	if len(got) != len(snap.Departments) {
		t.Fatalf("got %d departments, org has %d", len(got), len(snap.Departments))
	}
	for i, d := range snap.Departments {
		g := got[i]
		if deref(g.DepartmentId) != d.DepartmentID || deref(g.Name) != d.Name ||
			deref(g.ParentDepartmentId) != d.ParentID || deref(g.OpenDepartmentId) != d.OpenDepartmentID {
			t.Fatalf("department %d: got %s/%s parent %s, want %+v", i,
				deref(g.DepartmentId), deref(g.Name), deref(g.ParentDepartmentId), d)
		}
		if d.LeaderUserID != "" && deref(g.LeaderUserId) != d.LeaderUserID {
			t.Fatalf("leader: got %q want %q (user_id_type=user_id)", deref(g.LeaderUserId), d.LeaderUserID)
		}
	}

	// Default id type: parents come back as open_department_ids.
	open := allDepartments(t, e, 50, "")
	for i, d := range snap.Departments {
		want := openDepartmentID(org.TenantKey(), d.ParentID)
		if deref(open[i].ParentDepartmentId) != want {
			t.Fatalf("open parent: got %q want %q", deref(open[i].ParentDepartmentId), want)
		}
	}
}

func TestChildrenDirectAndIteratorEnds(t *testing.T) {
	org := Generate(GenOptions{Users: 50, Departments: 23, Depth: 2, FanOut: 20, Seed: 3})
	e := newEnv(t, Config{Org: org})
	want := org.Children(RootDepartmentID)

	// The SDK iterator stops only on a nil page_token: it must end.
	it, err := e.client.Contact.Department.ChildrenByIterator(ctx(t), larkcontact.NewChildrenDepartmentReqBuilder().
		DepartmentId("0").PageSize(3).DepartmentIdType("department_id").Build())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		ok, d, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		got = append(got, deref(d.DepartmentId))
		if len(got) > 100 {
			t.Fatal("iterator loops")
		}
	}
	if len(got) != len(want) {
		t.Fatalf("iterator: got %v want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order: got %v want %v", got, want)
		}
	}
}

func TestPageErrors(t *testing.T) {
	e := newEnv(t, Config{Org: Generate(GenOptions{Departments: 5, Seed: 1})})
	tok := e.token()
	var out struct{ Code int }
	if resp := e.get("/open-apis/contact/v3/departments/0/children?page_size=51", tok, &out); out.Code != CodePageSizeInvalid || resp.StatusCode != 400 {
		t.Fatalf("page_size 51: status %d code %d", resp.StatusCode, out.Code)
	}
	if e.get("/open-apis/contact/v3/departments/0/children?page_token=garbage", tok, &out); out.Code != CodePageTokenInvalid {
		t.Fatalf("bad token: code %d", out.Code)
	}
	// A token from one list is refused by another.
	var page struct {
		Data struct {
			PageToken string `json:"page_token"`
		}
	}
	e.get("/open-apis/contact/v3/departments/0/children?page_size=1", tok, &page)
	if page.Data.PageToken == "" {
		t.Fatal("expected a page token")
	}
	if e.get("/open-apis/contact/v3/departments/0/children?fetch_child=true&page_token="+page.Data.PageToken, tok, &out); out.Code != CodePageTokenInvalid {
		t.Fatalf("foreign token: code %d", out.Code)
	}
	if e.get("/open-apis/contact/v3/departments/nope/children", tok, &out); out.Code != CodeNoDeptAuthority {
		t.Fatalf("unknown department: code %d", out.Code)
	}
	if e.get("/open-apis/contact/v3/departments/0/children?user_id_type=bogus", tok, &out); out.Code != CodeFieldValidation {
		t.Fatalf("bad id type: code %d", out.Code)
	}
}

func TestDepartmentCreatePatchDelete(t *testing.T) {
	e := newEnv(t, Config{})
	c := ctx(t)
	dep := e.client.Contact.Department

	create := func(name, parent, token string) *larkcontact.CreateDepartmentResp {
		b := larkcontact.NewCreateDepartmentReqBuilder().DepartmentIdType("department_id").
			Department(larkcontact.NewDepartmentBuilder().Name(name).ParentDepartmentId(parent).Build())
		if token != "" {
			b.ClientToken(token)
		}
		resp, err := dep.Create(c, b.Build())
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	a := create("研发中心", "0", "tok-1")
	if !a.Success() {
		t.Fatalf("create: %+v", a.CodeError)
	}
	aID := deref(a.Data.Department.DepartmentId)

	// Idempotent retry: same token and body → same department, no new one.
	again := create("研发中心", "0", "tok-1")
	if !again.Success() || deref(again.Data.Department.DepartmentId) != aID {
		t.Fatalf("retry: %+v %v", again.CodeError, again.Data)
	}
	if n := len(e.sim.Org().Children("0")); n != 1 {
		t.Fatalf("retry created a duplicate: %d children", n)
	}
	if r := create("产品中心", "0", "tok-1"); r.Code != CodeNotSameRequest {
		t.Fatalf("token reuse with another body: code %d", r.Code)
	}
	if r := create("研发中心", "0", ""); r.Code != CodeDeptNameDuplicate {
		t.Fatalf("duplicate sibling name: code %d", r.Code)
	}
	b := create("前端组", aID, "")
	bID := deref(b.Data.Department.DepartmentId)
	if deref(b.Data.Department.ParentDepartmentId) != aID {
		t.Fatalf("parent: %v", deref(b.Data.Department.ParentDepartmentId))
	}

	// Patch by open_department_id (the default id type): rename and move.
	open := deref(b.Data.Department.OpenDepartmentId)
	p, err := dep.Patch(c, larkcontact.NewPatchDepartmentReqBuilder().DepartmentId(open).
		Department(larkcontact.NewDepartmentBuilder().Name("大前端组").ParentDepartmentId("0").Build()).Build())
	if err != nil || !p.Success() {
		t.Fatalf("patch: %v %+v", err, p)
	}
	if d, _ := e.sim.Org().Department(bID); d.Name != "大前端组" || d.ParentID != "0" {
		t.Fatalf("after patch: %+v", d)
	}

	// A user in the department blocks its deletion.
	u, err := e.sim.Org().CreateUser(User{Name: "张伟", Mobile: "13800000001", DepartmentIDs: []string{bID}})
	if err != nil {
		t.Fatal(err)
	}
	del := func(id string) *larkcontact.DeleteDepartmentResp {
		r, err := dep.Delete(c, larkcontact.NewDeleteDepartmentReqBuilder().DepartmentId(id).
			DepartmentIdType("department_id").Build())
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := del(bID); r.Code != CodeDeptHasMembers || r.StatusCode != http.StatusBadRequest {
		t.Fatalf("delete non-empty (user): status %d code %d", r.StatusCode, r.Code)
	}
	create("子部门", aID, "")
	if r := del(aID); r.Code != CodeDeptHasChildren {
		t.Fatalf("delete non-empty (child): code %d", r.Code)
	}
	if err := e.sim.Org().DeleteUser(u.UserID); err != nil {
		t.Fatal(err)
	}
	if r := del(bID); !r.Success() {
		t.Fatalf("delete emptied department: %+v", r.CodeError)
	}
	g, err := dep.Get(c, larkcontact.NewGetDepartmentReqBuilder().DepartmentId(bID).DepartmentIdType("department_id").Build())
	// department/get's table: 40015 "department not exist" (HTTP 400).
	if err != nil || g.Code != CodeDeptNotExist || g.StatusCode != http.StatusBadRequest {
		t.Fatalf("get deleted: %v %+v", err, g)
	}
}
