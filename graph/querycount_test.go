package graph_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/database"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
)

// maxUserPageQueries bounds the SQL queries of one users page with
// memberships → department and oaBindings → imUser, whatever the page size:
// the token lookup of the request's authentication, the count for
// totalCount, the page, then one eager load per edge level (memberships,
// their departments, oaBindings, their IM users) = 7, plus one of slack for
// a future per-request lookup. N+1 would be over 50 at first: 50.
const maxUserPageQueries = 8

// TestUserPageQueryCountIsConstant: "a page of 50 users with departments
// and bindings costs a constant number of SQL queries".
func TestUserPageQueryCountIsConstant(t *testing.T) {
	var counter *countingDriver
	env := graphtest.New(t, graphtest.Options{NoWorker: true, Client: func(db *database.DB) *ent.Client {
		counter = &countingDriver{Driver: entsql.OpenDB(db.Dialect, db.SQL)}
		return ent.NewClient(ent.Driver(counter))
	}})
	tn, adm, tok := env.Tenant("acme")

	// 20 departments (4 top-level, 4 children each), 200 OA users, each in a
	// primary department and one or two part-time ones.
	var depts, users []map[string]any
	for i := range 4 {
		depts = append(depts, map[string]any{"externalID": fmt.Sprintf("D%d", i), "name": fmt.Sprintf("Division %d", i)})
		for j := range 4 {
			depts = append(depts, map[string]any{"externalID": fmt.Sprintf("D%d-%d", i, j), "name": fmt.Sprintf("Team %d-%d", i, j), "parentExternalID": fmt.Sprintf("D%d", i)})
		}
	}
	for u := range 200 {
		ms := []map[string]any{
			{"departmentExternalID": fmt.Sprintf("D%d-%d", u%4, u%3), "primary": true},
			{"departmentExternalID": fmt.Sprintf("D%d", (u+1)%4)},
		}
		if u%2 == 0 {
			ms = append(ms, map[string]any{"departmentExternalID": fmt.Sprintf("D%d-3", (u+2)%4)})
		}
		users = append(users, map[string]any{"externalID": fmt.Sprintf("E%04d", u), "name": fmt.Sprintf("User %d", u), "memberships": ms})
	}
	tok.MustDo(importDirectory, map[string]any{"in": map[string]any{"departments": depts, "users": users}}, nil)

	// An IM side and bindings for two users in three.
	var cc struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "Acme 飞书"}}, &cc)
	corp := atoi(t, cc.CreateCorp.ID)
	ctx := viewer.System(context.Background(), "test", tn.ID)
	oa := env.Client.User.Query().Order(ent.Asc("external_id")).AllX(ctx)
	if len(oa) != 200 {
		t.Fatalf("imported %d users, want 200", len(oa))
	}
	im := make([]*ent.UserCreate, 0, len(oa))
	for i := range oa {
		im = append(im, env.Client.User.Create().SetCorpID(corp).SetExternalID(fmt.Sprintf("ou_%d", i)).SetName(fmt.Sprintf("IM %d", i)))
	}
	imUsers := env.Client.User.CreateBulk(im...).SaveX(ctx)
	var bs []*ent.BindingCreate
	for i, u := range oa {
		if i%3 != 2 {
			bs = append(bs, env.Client.Binding.Create().SetCorpID(corp).SetKind(binding.KindUser).SetOaUserID(u.ID).SetImUserID(imUsers[i].ID).SetMethod(binding.MethodImport))
		}
	}
	env.Client.Binding.CreateBulk(bs...).SaveX(ctx)

	const q = `query($first: Int!) { users(first: $first, where: {oaSide: true}) { totalCount edges { node {
		id name
		memberships { primary department { id name } }
		oaBindings { id method imUser { id name } }
	} } } }`
	measure := func(first int) (queries int, statements []string) {
		t.Helper()
		var out struct {
			Users struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Memberships []struct {
							Primary    bool
							Department *struct{ ID, Name string }
						}
						OaBindings []struct {
							ImUser *struct{ ID, Name string }
						}
					}
				}
			}
		}
		tok.MustDo(q, map[string]any{"first": first}, nil) // warm the query cache and the token's last use
		counter.reset()
		tok.MustDo(q, map[string]any{"first": first}, &out)
		queries, statements = counter.snapshot()
		// The page really holds what was asked for: otherwise a low count proves nothing.
		if out.Users.TotalCount != 200 || len(out.Users.Edges) != first {
			t.Fatalf("first %d: totalCount %d, %d edges", first, out.Users.TotalCount, len(out.Users.Edges))
		}
		var ms, bound int
		for _, e := range out.Users.Edges {
			for _, m := range e.Node.Memberships {
				if m.Department == nil || m.Department.Name == "" {
					t.Fatalf("membership without its department: %+v", e.Node)
				}
				ms++
			}
			for _, b := range e.Node.OaBindings {
				if b.ImUser == nil || b.ImUser.Name == "" {
					t.Fatalf("binding without its IM user: %+v", e.Node)
				}
				bound++
			}
		}
		if ms < 2*first || bound < first/2 {
			t.Fatalf("first %d: %d memberships, %d bindings: the edges were not loaded", first, ms, bound)
		}
		return queries, statements
	}
	n10, s10 := measure(10)
	n50, s50 := measure(50)
	t.Logf("SQL queries for a users page: first 10 → %d, first 50 → %d\n%s", n10, n50, strings.Join(s50, "\n"))
	if n10 != n50 {
		t.Errorf("query count grows with the page (N+1): first 10 → %d, first 50 → %d\nfirst 10:\n%s\nfirst 50:\n%s", n10, n50, strings.Join(s10, "\n"), strings.Join(s50, "\n"))
	}
	if n50 > maxUserPageQueries {
		t.Errorf("first 50 costs %d queries, want ≤ %d:\n%s", n50, maxUserPageQueries, strings.Join(s50, "\n"))
	}
}

// countingDriver counts the SQL queries (reads) and statements (writes) the
// ent client sends, inside transactions too.
type countingDriver struct {
	dialect.Driver
	mu         sync.Mutex
	queries    int
	statements []string
}

func (d *countingDriver) record(kind, query string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if kind == "query" {
		d.queries++
	}
	d.statements = append(d.statements, kind+": "+query)
}

func (d *countingDriver) reset() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.queries, d.statements = 0, nil
}

func (d *countingDriver) snapshot() (int, []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.queries, append([]string(nil), d.statements...)
}

func (d *countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.record("query", query)
	return d.Driver.Query(ctx, query, args, v)
}

func (d *countingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.record("exec", query)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d *countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, d: d}, nil
}

type countingTx struct {
	dialect.Tx
	d *countingDriver
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.d.record("query", query)
	return t.Tx.Query(ctx, query, args, v)
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.d.record("exec", query)
	return t.Tx.Exec(ctx, query, args, v)
}
