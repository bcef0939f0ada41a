package oaimport_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/detail"
	"imbridge/ent/user"
	"imbridge/worker/oaimport"
)

// env is one test database with one tenant.
type env struct {
	t      *testing.T
	client *ent.Client
	ctx    context.Context
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	return &env{t: t, client: db.Client, ctx: ctx}
}

// tenant returns an env for another tenant of the same database.
func (e *env) tenant(slug string) *env {
	_, ctx := dbtest.Tenant(e.t, e.client, slug)
	return &env{t: e.t, client: e.client, ctx: ctx}
}

// run imports in and fails the test on any error.
func (e *env) run(in oaimport.Input) detail.Counters {
	e.t.Helper()
	c, err := oaimport.Run(e.ctx, e.client, in, nil)
	if err != nil {
		e.t.Fatalf("Run: %v", err)
	}
	return c
}

// invalid runs Validate and Run on in, expects both to fail with the same
// problems, and returns them.
func (e *env) invalid(in oaimport.Input) []oaimport.Problem {
	e.t.Helper()
	verr := oaimport.Validate(e.ctx, e.client, in)
	var ve *oaimport.ValidationError
	if !errors.As(verr, &ve) {
		e.t.Fatalf("Validate: want *ValidationError, got %v", verr)
	}
	_, rerr := oaimport.Run(e.ctx, e.client, in, nil)
	var re *oaimport.ValidationError
	if !errors.As(rerr, &re) {
		e.t.Fatalf("Run: want *ValidationError, got %v", rerr)
	}
	if fmt.Sprint(ve.Problems) != fmt.Sprint(re.Problems) {
		e.t.Fatalf("Validate and Run disagree:\n%v\n%v", ve.Problems, re.Problems)
	}
	return ve.Problems
}

// dump renders every directory row of the tenant (both sides), with
// updated_at, so that equal dumps mean nothing was written.
func (e *env) dump() string {
	e.t.Helper()
	var lines []string
	depts, err := e.client.Department.Query().All(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, d := range depts {
		lines = append(lines, fmt.Sprintf("D %d %v %s %q p=%v o=%d rm=%v up=%v", d.ID, d.CorpID, d.ExternalID, d.Name, ptr(d.ParentID), d.Order, d.RemovedAt, d.UpdatedAt.UnixNano()))
	}
	users, err := e.client.User.Query().All(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, u := range users {
		lines = append(lines, fmt.Sprintf("U %d %v %s %q %s %s %s %s %s sc=%v up=%v", u.ID, u.CorpID, u.ExternalID, u.Name, u.Mobile, u.Email, u.EmployeeNo, u.Title, u.Status, u.StatusChangedAt, u.UpdatedAt.UnixNano()))
	}
	links, err := e.client.Membership.Query().All(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range links {
		lines = append(lines, fmt.Sprintf("M %d u=%d d=%d p=%v o=%d", m.ID, m.UserID, m.DepartmentID, m.Primary, m.Order))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func ptr[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// dept returns the tenant's OA department with that external id.
func (e *env) dept(ext string) *ent.Department {
	e.t.Helper()
	for _, d := range e.all().depts {
		if d.ExternalID == ext && d.CorpID == nil {
			return d
		}
	}
	e.t.Fatalf("no OA department %q", ext)
	return nil
}

// user returns the tenant's OA user with that external id.
func (e *env) user(ext string) *ent.User {
	e.t.Helper()
	for _, u := range e.all().users {
		if u.ExternalID == ext && u.CorpID == nil {
			return u
		}
	}
	e.t.Fatalf("no OA user %q", ext)
	return nil
}

type rows struct {
	depts []*ent.Department
	users []*ent.User
}

func (e *env) all() rows {
	e.t.Helper()
	d, err := e.client.Department.Query().All(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	u, err := e.client.User.Query().All(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return rows{d, u}
}

// parentOf returns the external id of an OA department's parent, "" at top.
func (e *env) parentOf(ext string) string {
	e.t.Helper()
	d := e.dept(ext)
	if d.ParentID == nil {
		return ""
	}
	p, err := e.client.Department.Get(e.ctx, *d.ParentID)
	if err != nil {
		e.t.Fatal(err)
	}
	return p.ExternalID
}

// links renders a user's memberships as "D1*:3 D2:0" (* = primary, :order),
// sorted by department.
func (e *env) links(ext string) string {
	e.t.Helper()
	u := e.user(ext)
	ms, err := u.QueryMemberships().WithDepartment().All(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		s := m.Edges.Department.ExternalID
		if m.Primary {
			s += "*"
		}
		out = append(out, fmt.Sprintf("%s:%d", s, m.Order))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func counters(created, updated, moved, unchanged, removed int) detail.Counters {
	return detail.Counters{Created: created, Updated: updated, Moved: moved, Unchanged: unchanged, Removed: removed}
}

// wantCounters compares the change counters; every import also reports
// the OA's head count before and after it (the brake's basis), checked
// here to be present and by TestImportCountsPeople for its values.
func wantCounters(t *testing.T, got, want detail.Counters) {
	t.Helper()
	if got.OAUsers == nil || got.OAUsersBefore == nil {
		t.Fatalf("counters = %+v: no head counts", got)
	}
	got.OAUsers, got.OAUsersBefore = nil, nil
	if got != want {
		t.Fatalf("counters = %+v, want %+v", got, want)
	}
}

// sample is a small directory: HQ ← RD ← RD1, HQ ← MKT; three users.
// RD1 comes before its parent on purpose: creation must not depend on order.
func sample() oaimport.Input {
	return oaimport.Input{
		Departments: []oaimport.Department{
			{ExternalID: "RD1", Name: "研发一组", ParentExternalID: "RD", Order: 1},
			{ExternalID: "HQ", Name: "总部"},
			{ExternalID: "RD", Name: "研发部", ParentExternalID: "HQ", Order: 1},
			{ExternalID: "MKT", Name: "市场部", ParentExternalID: "HQ", Order: 2},
		},
		Users: []oaimport.User{
			{ExternalID: "u1", Name: "张三", Mobile: "13800000001", Email: "zs@example.com", EmployeeNo: "E1", Title: "工程师",
				Memberships: []oaimport.Membership{{DepartmentExternalID: "RD1", Order: 1}, {DepartmentExternalID: "MKT", Order: 2}}},
			{ExternalID: "u2", Name: "李四", Mobile: "+8613900000002",
				Memberships: []oaimport.Membership{{DepartmentExternalID: "RD"}, {DepartmentExternalID: "HQ", Primary: true}}},
			{ExternalID: "u3", Name: "Alice", Mobile: "+447400123456", Status: user.StatusDisabled},
		},
	}
}
