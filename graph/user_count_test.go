package graph_test

import (
	"fmt"
	"testing"

	"imbridge/graph/graphtest"
)

// TestUsersTotalCount: without a search totalCount is exact; with one it is
// exact up to 1,000 matches and 1,001 beyond (the cap, documented), while
// paging still reaches every match; another tenant's people are never
// counted.
func TestUsersTotalCount(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true})
	_, _, tok := env.Tenant("acme")
	_, _, other := env.Tenant("other")
	users := func(prefix string, n int) []any {
		var out []any
		for i := 0; i < n; i++ {
			out = append(out, map[string]any{"externalID": fmt.Sprintf("%s%04d", prefix, i), "name": fmt.Sprintf("王%s%d", prefix, i)})
		}
		return out
	}
	var r importResult
	tok.MustDo(importMutation, map[string]any{"in": map[string]any{"users": append(users("A", 1100), users("B", 20)...)}}, &r)
	other.MustDo(importMutation, map[string]any{"in": map[string]any{"users": users("X", 30)}}, &r)

	count := func(where map[string]any) (total int, hasNext bool) {
		var out struct {
			Users struct {
				TotalCount int
				PageInfo   struct{ HasNextPage bool }
			}
		}
		tok.MustDo(`query($w: UserWhereInput) { users(first: 20, where: $w) { totalCount pageInfo { hasNextPage } } }`, map[string]any{"w": where}, &out)
		return out.Users.TotalCount, out.Users.PageInfo.HasNextPage
	}
	if n, _ := count(map[string]any{"oaSide": true}); n != 1120 {
		t.Errorf("no search: totalCount %d, want 1120", n)
	}
	if n, next := count(map[string]any{"search": "王"}); n != 1001 || !next {
		t.Errorf("search matching 1,120: totalCount %d (next %v), want the cap 1001", n, next)
	}
	if n, _ := count(map[string]any{"search": "王B"}); n != 20 {
		t.Errorf("search matching 20: totalCount %d, want 20", n)
	}
	if n, _ := count(map[string]any{"search": "王X"}); n != 0 {
		t.Errorf("another tenant's people counted: %d", n)
	}
	// Past the cap, the pages still go on to the last match.
	seen, after := 0, any(nil)
	for {
		var out struct {
			Users struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct{ Node struct{ ID string } }
			}
		}
		tok.MustDo(`query($a: Cursor) { users(first: 500, after: $a, where: {search: "王A"}) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`, map[string]any{"a": after}, &out)
		seen += len(out.Users.Edges)
		if !out.Users.PageInfo.HasNextPage {
			break
		}
		after = out.Users.PageInfo.EndCursor
	}
	if seen != 1100 {
		t.Errorf("paging a search reached %d of 1100", seen)
	}
}
