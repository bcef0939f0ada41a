package feishu

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// deptWriter wraps the SDK's department writes with department_id ids.
type deptWriter struct {
	t *testing.T
	e *env
}

func (w deptWriter) create(token string, d *larkcontact.Department) *larkcontact.CreateDepartmentResp {
	w.t.Helper()
	b := larkcontact.NewCreateDepartmentReqBuilder().DepartmentIdType("department_id").Department(d)
	if token != "" {
		b.ClientToken(token)
	}
	r, err := w.e.client.Contact.Department.Create(ctx(w.t), b.Build())
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w deptWriter) patch(id string, d *larkcontact.Department) *larkcontact.PatchDepartmentResp {
	w.t.Helper()
	r, err := w.e.client.Contact.Department.Patch(ctx(w.t), larkcontact.NewPatchDepartmentReqBuilder().
		DepartmentId(id).DepartmentIdType("department_id").Department(d).Build())
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w deptWriter) delete(id string) *larkcontact.DeleteDepartmentResp {
	w.t.Helper()
	r, err := w.e.client.Contact.Department.Delete(ctx(w.t), larkcontact.NewDeleteDepartmentReqBuilder().
		DepartmentId(id).DepartmentIdType("department_id").Build())
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func dept(name, parent string) *larkcontact.DepartmentBuilder {
	return larkcontact.NewDepartmentBuilder().Name(name).ParentDepartmentId(parent)
}

// Each refusal of department/create and department/patch answers the code
// (and HTTP status) of its page's error table.
func TestDepartmentWriteRefusals(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	w := deptWriter{t, e}
	org := e.sim.Org()
	a := w.create("", dept("研发中心", "0").DepartmentId("RD").Order("10").Build())
	if !a.Success() {
		t.Fatalf("create: %+v", a.CodeError)
	}
	if _, err := org.CreateDepartment(Department{DepartmentID: "OPS", Name: "运维", ParentID: "0", Order: 20}); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a", 65)
	for _, c := range []struct {
		name   string
		d      *larkcontact.Department
		status int
		code   int
	}{
		{"unknown parent", dept("x", "nope").Build(), http.StatusForbidden, CodeNoDeptAuthority},
		{"no parent", larkcontact.NewDepartmentBuilder().Name("x").Build(), http.StatusBadRequest, CodeMissingParentDept},
		{"slash in name", dept("研发/测试", "0").Build(), http.StatusBadRequest, CodeDeptNameSeparator},
		{"slash in i18n name", dept("x", "0").I18nName(larkcontact.NewDepartmentI18nNameBuilder().EnUs("R/D").Build()).Build(), http.StatusBadRequest, CodeDeptNameSeparator},
		{"sibling name", dept("研发中心", "0").Build(), http.StatusBadRequest, CodeDeptNameDuplicate},
		{"sibling order", dept("x", "0").Order("20").Build(), http.StatusBadRequest, CodeDeptOrderDuplicate},
		{"custom id od-", dept("x", "0").DepartmentId("od-1").Build(), http.StatusBadRequest, CodeDeptCustomIDBad},
		{"custom id 1", dept("x", "0").DepartmentId("1").Build(), http.StatusBadRequest, CodeDeptCustomIDBad},
		{"custom id pattern", dept("x", "0").DepartmentId("_x").Build(), http.StatusBadRequest, CodeDeptCustomIDBad},
		{"custom id length", dept("x", "0").DepartmentId(long).Build(), http.StatusBadRequest, CodeDeptCustomIDBad},
		{"custom id taken", dept("x", "0").DepartmentId("OPS").Build(), http.StatusBadRequest, CodeDeptCustomIDDup},
	} {
		r := w.create("", c.d)
		if r.Code != c.code || r.StatusCode != c.status {
			t.Errorf("%s: status %d code %d %q, want %d %d", c.name, r.StatusCode, r.Code, r.Msg, c.status, c.code)
		}
	}
	if n := len(org.Children("0")); n != 2 {
		t.Fatalf("refused creates changed the directory: %d top-level departments", n)
	}
	for _, c := range []struct {
		name string
		id   string
		d    *larkcontact.Department
		code int
	}{
		{"root", "0", larkcontact.NewDepartmentBuilder().Name("x").Build(), 40002},
		{"slash", "RD", larkcontact.NewDepartmentBuilder().Name("a/b").Build(), CodeDeptNameSeparator},
		{"sibling name", "RD", larkcontact.NewDepartmentBuilder().Name("运维").Build(), CodeDeptNameDuplicate},
		{"sibling order", "RD", larkcontact.NewDepartmentBuilder().Order("20").Build(), CodeDeptOrderDuplicate},
		{"unknown parent", "RD", larkcontact.NewDepartmentBuilder().ParentDepartmentId("nope").Build(), CodeNoDeptAuthority},
	} {
		if r := w.patch(c.id, c.d); r.Code != c.code {
			t.Errorf("patch %s: code %d %q, want %d", c.name, r.Code, r.Msg, c.code)
		}
	}
	// Its own order and name are not duplicates of itself.
	if r := w.patch("RD", larkcontact.NewDepartmentBuilder().Name("研发中心").Order("10").Build()); !r.Success() {
		t.Fatalf("patch with unchanged values: %+v", r.CodeError)
	}
	if r := w.delete("0"); r.Code != 40002 {
		t.Fatalf("delete root: %d", r.Code)
	}
}

// "部门层级上限为 25 层" and "单个部门的直属子部门数量上限为 1,000": creating
// below the 25th level is 43019, and so is a move that would push a subtree
// deeper; the 1001st child is 43013.
func TestDepartmentLimits(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	w := deptWriter{t, e}
	org := e.sim.Org()
	parent := RootDepartmentID
	var chain []string
	for i := 1; i <= maxDepartmentDepth; i++ {
		d, err := org.CreateDepartment(Department{Name: fmt.Sprintf("L%d", i), ParentID: parent})
		if err != nil {
			t.Fatalf("level %d: %v", i, err)
		}
		chain = append(chain, d.DepartmentID)
		parent = d.DepartmentID
	}
	if r := w.create("", dept("L26", parent).Build()); r.Code != CodeDeptMaxLevel {
		t.Fatalf("26th level: code %d", r.Code)
	}
	// A two-level subtree fits under level 23, not under level 24.
	top, _ := org.CreateDepartment(Department{Name: "T", ParentID: RootDepartmentID})
	if _, err := org.CreateDepartment(Department{Name: "T1", ParentID: top.DepartmentID}); err != nil {
		t.Fatal(err)
	}
	if r := w.patch(top.DepartmentID, larkcontact.NewDepartmentBuilder().ParentDepartmentId(chain[23]).Build()); r.Code != CodeDeptMaxLevel {
		t.Fatalf("move below level 24: code %d", r.Code)
	}
	if r := w.patch(top.DepartmentID, larkcontact.NewDepartmentBuilder().ParentDepartmentId(chain[22]).Build()); !r.Success() {
		t.Fatalf("move below level 23: %+v", r.CodeError)
	}

	big, _ := org.CreateDepartment(Department{Name: "Big", ParentID: RootDepartmentID})
	for i := range maxDirectSubDepts {
		if _, err := org.CreateDepartment(Department{Name: fmt.Sprint(i), ParentID: big.DepartmentID}); err != nil {
			t.Fatal(err)
		}
	}
	if r := w.create("", dept("one too many", big.DepartmentID).Build()); r.Code != CodeDeptTooManyChild {
		t.Fatalf("1001st child: code %d", r.Code)
	}
}

// A create repeating a client_token answers before any rule runs (the
// first attempt's department would refuse its own retry as a duplicate
// name), returns the same department, and never makes a second one, even
// when the repeats arrive together.
func TestDepartmentClientToken(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	w := deptWriter{t, e}
	org := e.sim.Org()
	// First attempts arriving together: one runs, the others wait and
	// answer with its department.
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := e.client.Contact.Department.Create(ctx(t), larkcontact.NewCreateDepartmentReqBuilder().
				DepartmentIdType("department_id").ClientToken("tok-a").Department(dept("财务部", "0").Build()).Build())
			if err == nil && r.Success() {
				ids[i] = deref(r.Data.Department.DepartmentId)
			}
		}()
	}
	wg.Wait()
	id := ids[0]
	if again := w.create("tok-a", dept("财务部", "0").Build()); !again.Success() || deref(again.Data.Department.DepartmentId) != id {
		t.Fatalf("later repeat: %+v", again.CodeError)
	}
	for i, got := range ids {
		if got != id {
			t.Fatalf("repeat %d: got %q, want %q", i, got, id)
		}
	}
	if n := len(org.Children("0")); n != 1 {
		t.Fatalf("%d departments after repeats", n)
	}
	if r := w.create("tok-a", dept("人事部", "0").Build()); r.Code != CodeNotSameRequest {
		t.Fatalf("token reused for another request: code %d", r.Code)
	}
	// Tokens are per kind: a user create with the same token is another request.
	if r := w.create("", dept("财务部", "0").Build()); r.Code != CodeDeptNameDuplicate {
		t.Fatalf("without a token the duplicate is refused: code %d", r.Code)
	}

	e.sim.SetClientTokenReplay(ReplayAlreadyExists)
	if r := w.create("tok-a", dept("财务部", "0").Build()); r.Code != CodeDeptAlreadyExists || r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("replay as already-exists: status %d code %d", r.StatusCode, r.Code)
	}
	if n := len(org.Children("0")); n != 1 {
		t.Fatalf("%d departments after replays", n)
	}
}
