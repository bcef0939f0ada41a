package feishu

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// userWriter wraps the SDK's user writes with user_id / department_id ids.
type userWriter struct {
	t *testing.T
	e *env
}

func (w userWriter) create(token string, u *larkcontact.User) *larkcontact.CreateUserResp {
	w.t.Helper()
	b := larkcontact.NewCreateUserReqBuilder().UserIdType("user_id").DepartmentIdType("department_id").User(u)
	if token != "" {
		b.ClientToken(token)
	}
	r, err := w.e.client.Contact.User.Create(ctx(w.t), b.Build())
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w userWriter) patch(id string, u *larkcontact.User) *larkcontact.PatchUserResp {
	w.t.Helper()
	r, err := w.e.client.Contact.User.Patch(ctx(w.t), larkcontact.NewPatchUserReqBuilder().UserId(id).
		UserIdType("user_id").DepartmentIdType("department_id").User(u).Build())
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w userWriter) delete(id string, body *larkcontact.DeleteUserReqBody) *larkcontact.DeleteUserResp {
	w.t.Helper()
	b := larkcontact.NewDeleteUserReqBuilder().UserId(id).UserIdType("user_id")
	if body != nil {
		b.Body(body)
	}
	r, err := w.e.client.Contact.User.Delete(ctx(w.t), b.Build())
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w userWriter) resurrect(id string, depts ...string) *larkcontact.ResurrectUserResp {
	w.t.Helper()
	body := larkcontact.NewResurrectUserReqBodyBuilder()
	var infos []*larkcontact.UserDepartmentInfo
	for _, d := range depts {
		infos = append(infos, larkcontact.NewUserDepartmentInfoBuilder().DepartmentId(d).Build())
	}
	if infos != nil {
		body.Departments(infos)
	}
	r, err := w.e.client.Contact.User.Resurrect(ctx(w.t), larkcontact.NewResurrectUserReqBuilder().UserId(id).
		UserIdType("user_id").DepartmentIdType("department_id").Body(body.Build()).Build())
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func person(name, mobile, email string, depts ...string) *larkcontact.UserBuilder {
	b := larkcontact.NewUserBuilder().Name(name).Mobile(mobile).EmployeeType(1).DepartmentIds(depts)
	if email != "" {
		b.Email(email)
	}
	return b
}

// Each refusal of user/create and user/patch answers its page's code.
// Mobiles compare as Feishu documents them (a bare mainland number is the
// +86 one), e-mails case-insensitively.
func TestUserWriteRefusals(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	w := userWriter{t, e}
	org := e.sim.Org()
	var depts []string
	for i := range maxUserDepartments + 1 {
		d, err := org.CreateDepartment(Department{Name: fmt.Sprint("D", i), ParentID: RootDepartmentID})
		if err != nil {
			t.Fatal(err)
		}
		depts = append(depts, d.DepartmentID)
	}
	a := w.create("", person("王芳", "+8613900000001", "Wang.Fang@Example.com", depts[0]).Build())
	if !a.Success() {
		t.Fatalf("create: %+v", a.CodeError)
	}
	uid := deref(a.Data.User.UserId)
	orderIn := func(d string, primary bool) *larkcontact.UserOrder {
		return larkcontact.NewUserOrderBuilder().DepartmentId(d).IsPrimaryDept(primary).Build()
	}
	for _, c := range []struct {
		name   string
		u      *larkcontact.User
		status int
		code   int
	}{
		{"bare mainland mobile", person("x", "13900000001", "", depts[1]).Build(), http.StatusBadRequest, CodeMobileExists},
		{"e-mail in other case", person("x", "+8613900000002", "wang.fang@example.COM", depts[1]).Build(), http.StatusBadRequest, CodeEmailExists},
		{"invalid mobile", person("x", "12-34", "", depts[1]).Build(), http.StatusBadRequest, CodeMobileInvalid},
		{"no name", person("", "+8613900000003", "", depts[1]).Build(), http.StatusBadRequest, CodeUserNameEmpty},
		{"51 departments", person("x", "+8613900000004", "", depts...).Build(), http.StatusBadRequest, CodeUserTooManyDepts},
		{"order outside departments", person("x", "+8613900000005", "", depts[1]).Orders([]*larkcontact.UserOrder{orderIn(depts[2], true)}).Build(), http.StatusBadRequest, CodeOrderDeptInvalid},
		{"unknown department", person("x", "+8613900000006", "", "nope").Build(), http.StatusForbidden, CodeNoDeptAuthority},
		{"user_id taken", person("x", "+8613900000007", "", depts[1]).UserId(uid).Build(), http.StatusBadRequest, CodeUserIDExists},
	} {
		if r := w.create("", c.u); r.Code != c.code || r.StatusCode != c.status {
			t.Errorf("create %s: status %d code %d %q, want %d %d", c.name, r.StatusCode, r.Code, r.Msg, c.status, c.code)
		}
	}
	if n := org.Stats().Users; n != 1 {
		t.Fatalf("refused creates changed the directory: %d users", n)
	}

	for _, c := range []struct {
		name string
		u    *larkcontact.User
		code int
	}{
		{"orders without department_ids", larkcontact.NewUserBuilder().Orders([]*larkcontact.UserOrder{orderIn(depts[0], true)}).Build(), CodeOrderNeedsDepts},
		{"51 departments", larkcontact.NewUserBuilder().DepartmentIds(depts).Build(), CodeUserTooManyDepts},
		{"order outside departments", larkcontact.NewUserBuilder().DepartmentIds(depts[:1]).Orders([]*larkcontact.UserOrder{orderIn(depts[1], true)}).Build(), CodeOrderDeptInvalid},
	} {
		if r := w.patch(uid, c.u); r.Code != c.code {
			t.Errorf("patch %s: code %d %q, want %d", c.name, r.Code, r.Msg, c.code)
		}
	}
	// Moves (primary first by orders) and freezing are patches too.
	if r := w.patch(uid, larkcontact.NewUserBuilder().DepartmentIds([]string{depts[3], depts[4]}).
		Orders([]*larkcontact.UserOrder{orderIn(depts[3], false), orderIn(depts[4], true)}).IsFrozen(true).Build()); !r.Success() {
		t.Fatalf("move and freeze: %+v", r.CodeError)
	}
	if u, _ := org.User(uid); !u.Frozen || fmt.Sprint(u.DepartmentIDs) != fmt.Sprint([]string{depts[4], depts[3]}) {
		t.Fatalf("after move and freeze: %+v", u)
	}
	if r := w.delete(uid, nil); !r.Success() {
		t.Fatalf("delete: %+v", r.CodeError)
	}
	if r := w.patch(uid, larkcontact.NewUserBuilder().JobTitle("x").Build()); r.Code != CodeUserResigned {
		t.Fatalf("patch a resigned user: code %d", r.Code)
	}
	if r := w.delete(uid, nil); r.Code != CodeUserResigned {
		t.Fatalf("delete a resigned user: code %d", r.Code)
	}
}

// user/delete checks the resource acceptors (41052): each must be a
// current user other than the one leaving. The deletion is timed with the
// server's clock, for resurrect's 30 days.
func TestUserDeleteAcceptors(t *testing.T) {
	clk := newFakeClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}, Now: clk.Now})
	w := userWriter{t, e}
	org := e.sim.Org()
	d, _ := org.CreateDepartment(Department{Name: "销售", ParentID: RootDepartmentID})
	mk := func(name, mobile string) string {
		u, err := org.CreateUser(User{Name: name, Mobile: mobile, DepartmentIDs: []string{d.DepartmentID}})
		if err != nil {
			t.Fatal(err)
		}
		return u.UserID
	}
	leaving, heir, gone := mk("甲", "+8613500000001"), mk("乙", "+8613500000002"), mk("丙", "+8613500000003")
	if err := org.DeleteUser(gone); err != nil {
		t.Fatal(err)
	}
	acc := larkcontact.NewDeleteUserReqBodyBuilder
	for _, c := range []struct {
		name string
		body *larkcontact.DeleteUserReqBody
	}{
		{"unknown", acc().DocsAcceptorUserId("nobody").Build()},
		{"resigned", acc().CalendarAcceptorUserId(gone).Build()},
		{"the user leaving", acc().DepartmentChatAcceptorUserId(leaving).Build()},
		{"e-mail to unknown", acc().EmailAcceptor(larkcontact.NewResourceAcceptorBuilder().ProcessingType("1").AcceptorUserId("nobody").Build()).Build()},
	} {
		if r := w.delete(leaving, c.body); r.Code != CodeAcceptorInvalid {
			t.Errorf("acceptor %s: code %d %q", c.name, r.Code, r.Msg)
		}
	}
	if u, _ := org.User(leaving); u.Resigned {
		t.Fatal("a refused delete resigned the user")
	}
	if r := w.delete(leaving, acc().DocsAcceptorUserId(heir).MinutesAcceptorUserId(heir).Build()); !r.Success() {
		t.Fatalf("delete with an acceptor: %+v", r.CodeError)
	}
	if u, _ := org.User(leaving); !u.Resigned || !u.ResignedAt.Equal(clk.Now()) || len(org.Members(d.DepartmentID)) != 1 {
		t.Fatalf("after delete: %+v", u)
	}
}

// user/resurrect: 44033 for a user not resigned, 44028 after 30 days,
// 44030/44031 when the mobile or e-mail is taken again; otherwise the user
// comes back with the same ids into the given departments, or the root.
func TestUserResurrect(t *testing.T) {
	clk := newFakeClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	// The token outlives the 30 days the clock jumps (the raw SDK client
	// does not renew a token the platform calls expired).
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}, Now: clk.Now, TokenTTL: 365 * 24 * time.Hour})
	w := userWriter{t, e}
	org := e.sim.Org()
	d, _ := org.CreateDepartment(Department{Name: "市场", ParentID: RootDepartmentID})
	newUser := func(mobile, email string) string {
		r := w.create("", person("某人", mobile, email, d.DepartmentID).Build())
		if !r.Success() {
			t.Fatalf("create: %+v", r.CodeError)
		}
		return deref(r.Data.User.UserId)
	}
	a := newUser("+8613600000001", "a@example.com")
	if r := w.resurrect(a); r.Code != CodeUserNotResigned {
		t.Fatalf("resurrect an active user: code %d", r.Code)
	}
	if r := w.delete(a, nil); !r.Success() {
		t.Fatal(r.CodeError)
	}
	// Someone else takes the e-mail (in another case), then gives it back.
	b := newUser("+8613600000002", "A@Example.com")
	if r := w.resurrect(a); r.Code != CodeResurrectEmailDup {
		t.Fatalf("e-mail taken: code %d", r.Code)
	}
	if r := w.patch(b, larkcontact.NewUserBuilder().Email("b@example.com").Mobile("13600000001").Build()); !r.Success() {
		t.Fatal(r.CodeError)
	}
	if r := w.resurrect(a); r.Code != CodeResurrectMobileDup {
		t.Fatalf("mobile taken: code %d", r.Code)
	}
	if r := w.patch(b, larkcontact.NewUserBuilder().Mobile("+8613600000009").Build()); !r.Success() {
		t.Fatal(r.CodeError)
	}
	if r := w.resurrect(a, d.DepartmentID); !r.Success() {
		t.Fatalf("resurrect: %+v", r.CodeError)
	}
	if u, _ := org.User(a); u.Resigned || !u.ResignedAt.IsZero() || fmt.Sprint(u.DepartmentIDs) != fmt.Sprint([]string{d.DepartmentID}) {
		t.Fatalf("after resurrect: %+v", u)
	}

	c := newUser("+8613600000003", "")
	if r := w.delete(c, nil); !r.Success() {
		t.Fatal(r.CodeError)
	}
	clk.Add(resurrectWindowDays*24*time.Hour + time.Second)
	if r := w.resurrect(c); r.Code != CodeResurrectExpired {
		t.Fatalf("after 30 days: code %d", r.Code)
	}
	// Resigned at an unknown time (an admin's deletion): back to the root.
	dd := newUser("+8613600000004", "")
	if err := org.DeleteUser(dd); err != nil {
		t.Fatal(err)
	}
	if r := w.resurrect(dd); !r.Success() {
		t.Fatalf("resurrect to the root: %+v", r.CodeError)
	}
	if u, _ := org.User(dd); fmt.Sprint(u.DepartmentIDs) != "[0]" {
		t.Fatalf("resurrected without departments: %v", u.DepartmentIDs)
	}
	if r := w.resurrect("nobody"); r.Code != CodeUserIDInvalid {
		t.Fatalf("unknown user: code %d", r.Code)
	}
}

// A repeated user create answers the first user (or 41053 when told to),
// whatever the rules would now say about the mobile it took.
func TestUserClientToken(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	w := userWriter{t, e}
	d, _ := e.sim.Org().CreateDepartment(Department{Name: "法务", ParentID: RootDepartmentID})
	u := person("赵六", "+8613700000001", "", d.DepartmentID).Build()
	first := w.create("tok-u", u)
	again := w.create("tok-u", u)
	if !first.Success() || !again.Success() || deref(again.Data.User.UserId) != deref(first.Data.User.UserId) {
		t.Fatalf("repeat: %+v / %+v", first.CodeError, again.CodeError)
	}
	if r := w.create("tok-u", person("赵六", "+8613700000002", "", d.DepartmentID).Build()); r.Code != CodeNotSameRequest {
		t.Fatalf("token reused for another request: code %d", r.Code)
	}
	e.sim.SetClientTokenReplay(ReplayAlreadyExists)
	if r := w.create("tok-u", u); r.Code != CodeUserAlreadyExists || r.StatusCode != http.StatusConflict {
		t.Fatalf("replay as already-exists: status %d code %d", r.StatusCode, r.Code)
	}
	if n := e.sim.Org().Stats().Users; n != 1 {
		t.Fatalf("%d users", n)
	}
}

// The documented special tiers: resurrect 10 per minute, user/patch 1 per
// second when it sets department_ids or is_frozen (other patches keep the
// API's 50/s).
func TestDocumentedWriteLimits(t *testing.T) {
	clk := newFakeClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	e := newEnv(t, Config{Now: clk.Now})
	w := userWriter{t, e}
	d, _ := e.sim.Org().CreateDepartment(Department{Name: "后勤", ParentID: RootDepartmentID})
	u, _ := e.sim.Org().CreateUser(User{Name: "孙七", Mobile: "+8613800000001", DepartmentIDs: []string{d.DepartmentID}})
	for i := range 10 {
		if r := w.resurrect(u.UserID); r.Code != CodeUserNotResigned {
			t.Fatalf("resurrect %d: code %d", i, r.Code)
		}
	}
	r := w.resurrect(u.UserID)
	if r.Code != CodeRateLimited || r.StatusCode != http.StatusTooManyRequests || r.Header.Get("x-ogw-ratelimit-limit") != "10" {
		t.Fatalf("11th resurrect in a minute: status %d code %d", r.StatusCode, r.Code)
	}
	if p := w.patch(u.UserID, larkcontact.NewUserBuilder().IsFrozen(true).Build()); !p.Success() {
		t.Fatalf("first freeze: %+v", p.CodeError)
	}
	if p := w.patch(u.UserID, larkcontact.NewUserBuilder().DepartmentIds([]string{"0"}).Build()); p.Code != CodeRateLimited {
		t.Fatalf("second membership patch in the same second: code %d", p.Code)
	}
	for i := range 5 {
		if p := w.patch(u.UserID, larkcontact.NewUserBuilder().JobTitle(strings.Repeat("x", i+1)).Build()); !p.Success() {
			t.Fatalf("title patch %d: %+v", i, p.CodeError)
		}
	}
	clk.Add(time.Second)
	if p := w.patch(u.UserID, larkcontact.NewUserBuilder().IsFrozen(false).Build()); !p.Success() {
		t.Fatalf("next second: %+v", p.CodeError)
	}
}
