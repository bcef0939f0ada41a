package oaimport_test

import (
	"strings"
	"testing"

	"imbridge/ent/user"
	"imbridge/worker/oaimport"
)

func TestCreate(t *testing.T) {
	e := newEnv(t)
	wantCounters(t, e.run(sample()), counters(7, 0, 0, 0, 0))

	for ext, parent := range map[string]string{"HQ": "", "RD": "HQ", "RD1": "RD", "MKT": "HQ"} {
		if got := e.parentOf(ext); got != parent {
			t.Errorf("parent of %s = %q, want %q", ext, got, parent)
		}
	}
	if d := e.dept("MKT"); d.Name != "市场部" || d.Order != 2 || d.RemovedAt != nil {
		t.Errorf("MKT = %+v", d)
	}
	u1 := e.user("u1")
	if u1.Name != "张三" || u1.Mobile != "+8613800000001" || u1.Email != "zs@example.com" || u1.EmployeeNo != "E1" ||
		u1.Title != "工程师" || u1.Status != user.StatusActive || u1.StatusChangedAt != nil {
		t.Errorf("u1 = %+v", u1)
	}
	// No primary given: the first membership becomes primary.
	if got := e.links("u1"); got != "MKT:2 RD1*:1" {
		t.Errorf("u1 memberships = %q", got)
	}
	if got := e.links("u2"); got != "HQ*:0 RD:0" {
		t.Errorf("u2 memberships = %q", got)
	}
	if got := e.links("u3"); got != "" {
		t.Errorf("u3 memberships = %q", got)
	}
	// Arriving disabled stamps the status time.
	if u3 := e.user("u3"); u3.Status != user.StatusDisabled || u3.StatusChangedAt == nil {
		t.Errorf("u3 = %+v", u3)
	}
}

func TestReimportUnchangedWritesNothing(t *testing.T) {
	e := newEnv(t)
	in := sample()
	e.run(in)
	before := e.dump()
	wantCounters(t, e.run(in), counters(0, 0, 0, 7, 0))
	// Blanks around values are trimmed, so they are no change either.
	in.Users[0].Name = " 张三 "
	in.Departments[0].ParentExternalID = "RD "
	in.Complete = true
	wantCounters(t, e.run(in), counters(0, 0, 0, 7, 0))
	if after := e.dump(); after != before {
		t.Fatalf("re-import wrote:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestRenameMoveReparent(t *testing.T) {
	e := newEnv(t)
	e.run(sample())
	in := oaimport.Input{Departments: []oaimport.Department{
		{ExternalID: "RD", Name: "研发中心", ParentExternalID: "HQ", Order: 1},   // renamed: updated
		{ExternalID: "MKT", Name: "市场部", ParentExternalID: "HQ", Order: 5},   // reordered: updated
		{ExternalID: "RD1", Name: "研发一组", ParentExternalID: "NEW", Order: 1}, // under a new department: moved
		{ExternalID: "NEW", Name: "新事业部", ParentExternalID: "MKT"},           // created (after its child in the input)
		{ExternalID: "HQ", Name: "集团", ParentExternalID: "NEW2"},             // renamed and moved: moved
		{ExternalID: "NEW2", Name: "控股"},                                     // created
	}}
	wantCounters(t, e.run(in), counters(2, 2, 2, 0, 0))
	for ext, parent := range map[string]string{"RD": "HQ", "MKT": "HQ", "RD1": "NEW", "NEW": "MKT", "HQ": "NEW2", "NEW2": ""} {
		if got := e.parentOf(ext); got != parent {
			t.Errorf("parent of %s = %q, want %q", ext, got, parent)
		}
	}
	if d := e.dept("RD"); d.Name != "研发中心" {
		t.Errorf("RD name = %q", d.Name)
	}
	if d := e.dept("MKT"); d.Order != 5 {
		t.Errorf("MKT order = %d", d.Order)
	}
	if d := e.dept("HQ"); d.Name != "集团" {
		t.Errorf("HQ name = %q", d.Name)
	}
	// Back to the top level clears the parent.
	wantCounters(t, e.run(oaimport.Input{Departments: []oaimport.Department{{ExternalID: "HQ", Name: "集团"}}}), counters(0, 0, 1, 0, 0))
	if got := e.parentOf("HQ"); got != "" {
		t.Errorf("HQ parent = %q", got)
	}
	// Users untouched by department-only imports.
	if got := e.links("u1"); got != "MKT:2 RD1*:1" {
		t.Errorf("u1 memberships = %q", got)
	}
}

func TestUserFieldsAndStatus(t *testing.T) {
	e := newEnv(t)
	e.run(sample())
	in := oaimport.Input{Users: []oaimport.User{
		{ExternalID: "u1", Name: "张三丰", Mobile: "", Email: "zsf@example.com", EmployeeNo: "E1", Title: "工程师"}, // updated, mobile cleared
		{ExternalID: "u2", Name: "李四", Mobile: "+8613900000002", Status: user.StatusDisabled},                 // disabled
		{ExternalID: "u3", Name: "Alice", Mobile: "+447400123456", Status: user.StatusDisabled},               // unchanged
	}}
	wantCounters(t, e.run(in), counters(0, 2, 0, 1, 0))
	u1 := e.user("u1")
	if u1.Name != "张三丰" || u1.Mobile != "" || u1.Email != "zsf@example.com" || u1.StatusChangedAt != nil {
		t.Errorf("u1 = %+v", u1)
	}
	if u2 := e.user("u2"); u2.Status != user.StatusDisabled || u2.StatusChangedAt == nil {
		t.Errorf("u2 = %+v", u2)
	}
	// nil memberships leave them alone.
	if got := e.links("u1"); got != "MKT:2 RD1*:1" {
		t.Errorf("u1 memberships = %q", got)
	}
}

func TestMembershipsChange(t *testing.T) {
	e := newEnv(t)
	e.run(sample())
	in := sample()
	in.Departments = nil
	// u1: primary switches from RD1 to MKT (moved).
	in.Users[0].Memberships = []oaimport.Membership{{DepartmentExternalID: "RD1", Order: 1}, {DepartmentExternalID: "MKT", Primary: true, Order: 2}}
	// u2: RD dropped, HQ reordered, RD1 added as part-time; primary stays HQ (updated).
	in.Users[1].Memberships = []oaimport.Membership{{DepartmentExternalID: "HQ", Primary: true, Order: 9}, {DepartmentExternalID: "RD1"}}
	// u3: joins RD (it had none: updated, not moved).
	in.Users[2].Memberships = []oaimport.Membership{{DepartmentExternalID: "RD"}}
	wantCounters(t, e.run(in), counters(0, 2, 1, 0, 0))
	for ext, want := range map[string]string{"u1": "MKT*:2 RD1:1", "u2": "HQ*:9 RD1:0", "u3": "RD*:0"} {
		if got := e.links(ext); got != want {
			t.Errorf("%s memberships = %q, want %q", ext, got, want)
		}
	}
	// An empty, non-nil list removes them all.
	in = oaimport.Input{Users: []oaimport.User{{ExternalID: "u3", Name: "Alice", Mobile: "+447400123456", Status: user.StatusDisabled, Memberships: []oaimport.Membership{}}}}
	wantCounters(t, e.run(in), counters(0, 0, 1, 0, 0))
	if got := e.links("u3"); got != "" {
		t.Errorf("u3 memberships = %q", got)
	}
}

func TestCompleteRemovesAndResigns(t *testing.T) {
	e := newEnv(t)
	e.run(sample())
	in := sample()
	in.Complete = true
	in.Departments = in.Departments[:3] // MKT left out
	in.Users = in.Users[1:]             // u1 left out
	// Same memberships as before, given differently: HQ becomes primary by default.
	in.Users[0].Memberships = []oaimport.Membership{{DepartmentExternalID: "HQ"}, {DepartmentExternalID: "RD"}}
	wantCounters(t, e.run(in), counters(0, 0, 0, 5, 2))
	mkt := e.dept("MKT")
	if mkt.RemovedAt == nil {
		t.Fatal("MKT not marked removed")
	}
	u1 := e.user("u1")
	if u1.Status != user.StatusResigned || u1.StatusChangedAt == nil {
		t.Fatalf("u1 = %+v", u1)
	}
	// Repeating it removes nothing more and writes nothing.
	before := e.dump()
	wantCounters(t, e.run(in), counters(0, 0, 0, 5, 0))
	if after := e.dump(); after != before {
		t.Fatalf("repeated complete import wrote:\n%s\n---\n%s", before, after)
	}
	// An incremental import cannot point at the removed department...
	bad := oaimport.Input{Users: []oaimport.User{{ExternalID: "u9", Name: "x", Memberships: []oaimport.Membership{{DepartmentExternalID: "MKT"}}}}}
	if ps := e.invalid(bad); len(ps) != 1 || ps[0].Field != "users[0].memberships[0].departmentExternalID" {
		t.Fatalf("problems = %v", ps)
	}
	// ...until it reappears, which clears removed_at; u1 comes back active.
	back := sample()
	wantCounters(t, e.run(back), counters(0, 2, 0, 5, 0))
	if d := e.dept("MKT"); d.RemovedAt != nil || d.ID != mkt.ID {
		t.Fatalf("MKT after reappearing = %+v (was id %d)", d, mkt.ID)
	}
	if u := e.user("u1"); u.Status != user.StatusActive || !u.StatusChangedAt.After(*u1.StatusChangedAt) {
		t.Fatalf("u1 after reappearing = %+v", u)
	}
}

func TestCorpSideUntouched(t *testing.T) {
	e := newEnv(t)
	corp, err := e.client.Corp.Create().SetPlatform("feishu").SetName("Acme Feishu").Save(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	// IM-side rows with the same external ids as the OA import.
	if _, err := e.client.Department.Create().SetCorpID(corp.ID).SetExternalID("HQ").SetName("飞书总部").Save(e.ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.User.Create().SetCorpID(corp.ID).SetExternalID("u1").SetName("飞书张三").Save(e.ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.User.Create().SetCorpID(corp.ID).SetExternalID("im-only").SetName("只在飞书").Save(e.ctx); err != nil {
		t.Fatal(err)
	}
	in := sample()
	in.Complete = true
	wantCounters(t, e.run(in), counters(7, 0, 0, 0, 0))
	for _, u := range e.all().users {
		if u.CorpID != nil && (u.Status != user.StatusActive || u.Name == "张三") {
			t.Errorf("IM-side user changed: %+v", u)
		}
	}
	for _, d := range e.all().depts {
		if d.CorpID != nil && (d.Name != "飞书总部" || d.RemovedAt != nil) {
			t.Errorf("IM-side department changed: %+v", d)
		}
	}
}

func TestTenantIsolation(t *testing.T) {
	a := newEnv(t)
	a.run(sample())
	before := a.dump()

	b := a.tenant("globex")
	in := sample()
	in.Complete = true
	in.Users[0].Name = "王五"
	// Same external ids in another tenant: all new there.
	wantCounters(t, b.run(in), counters(7, 0, 0, 0, 0))
	// A department of tenant A is unknown to tenant B.
	bad := oaimport.Input{Departments: []oaimport.Department{{ExternalID: "X", Name: "x", ParentExternalID: "ONLY_A"}}}
	wantCounters(t, a.run(oaimport.Input{Departments: []oaimport.Department{{ExternalID: "ONLY_A", Name: "a"}}}), counters(1, 0, 0, 0, 0))
	before = a.dump()
	if ps := b.invalid(bad); len(ps) != 1 || ps[0].Field != "departments[0].parentExternalID" {
		t.Fatalf("problems = %v", ps)
	}
	// A complete import in B of one newcomer resigns B's seven, no one in A.
	wantCounters(t, b.run(oaimport.Input{Complete: true, Users: []oaimport.User{{ExternalID: "only-b", Name: "赵六"}}}), counters(1, 0, 0, 0, 7))
	if after := a.dump(); after != before {
		t.Fatalf("tenant B's imports changed tenant A:\n%s\n---\n%s", before, after)
	}
	if u := a.user("u1"); u.Name != "张三" {
		t.Fatalf("tenant A's u1 = %+v", u)
	}
}

func TestRunInsideCallerTransaction(t *testing.T) {
	e := newEnv(t)
	before := e.dump()
	tx, err := e.client.Tx(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := oaimport.Run(e.ctx, tx.Client(), sample(), nil)
	if err != nil {
		t.Fatal(err)
	}
	wantCounters(t, c, counters(7, 0, 0, 0, 0))
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if after := e.dump(); after != before {
		t.Fatalf("rolled back import left rows:\n%s", after)
	}
}

// Every import reports how many people (active or disabled) the OA held
// before and after it: the basis of the deletion brake's shrink check
// (seed 003 §4.2.3 (3)).
func TestImportCountsPeople(t *testing.T) {
	e := newEnv(t)
	c := e.run(sample())
	if c.OAUsersBefore == nil || *c.OAUsersBefore != 0 || c.OAUsers == nil || *c.OAUsers != 3 {
		t.Fatalf("first import: before %v, after %v; want 0 and 3 (u3 is disabled, still there)", c.OAUsersBefore, c.OAUsers)
	}
	in := sample()
	in.Users[0].Status = user.StatusResigned
	c = e.run(in)
	if *c.OAUsersBefore != 3 || *c.OAUsers != 2 {
		t.Fatalf("one resigned: before %d, after %d; want 3 and 2", *c.OAUsersBefore, *c.OAUsers)
	}
}

// A complete import that lists no users (a failed export, a header-only
// file) would mark everyone resigned: it is refused on users, and nothing
// is written.
func TestCompleteImportWithoutUsersIsRefused(t *testing.T) {
	e := newEnv(t)
	e.run(sample())
	before := e.dump()
	for _, in := range []oaimport.Input{{Complete: true}, {Complete: true, Departments: sample().Departments}} {
		if ps := e.invalid(in); len(ps) != 1 || ps[0].Field != "users" || !strings.Contains(ps[0].Message, "resigned") {
			t.Fatalf("complete import without users: problems = %v", ps)
		}
	}
	if after := e.dump(); after != before {
		t.Fatalf("a refused import changed the directory:\n%s\n---\n%s", before, after)
	}
	// Not complete, the same input is an ordinary (empty) upsert.
	e.run(oaimport.Input{Departments: sample().Departments})
}
