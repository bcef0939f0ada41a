package graph

import (
	"context"
	"strings"

	entgo "entgo.io/ent"
	"github.com/99designs/gqlgen/graphql"

	"imbridge/ent"
)

// searchCountCap is how far the users connection counts a search: its
// totalCount is exact up to this many matches and this plus one beyond
// ("more than 1,000"). A search of one or two Chinese characters (a
// surname) matches thousands in a large directory, and no index serves it
// (trigrams need three characters), so an exact count would read every
// person of the tenant on each page; the table only needs to know there are
// many. Counting stops at the cap (issue 7: first page ≤ 20 ms, search ≤ 50
// ms on 100,000 people).
const searchCountCap = 1000

type cappedCountKey struct{}

// searched reports whether the users connection being resolved has a
// search in its where argument (at the top level, as the console sends it).
func searched(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return false
	}
	args := fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)
	where, _ := args["where"].(map[string]any)
	s, _ := where["search"].(string)
	return strings.TrimSpace(s) != ""
}

// withCappedCount marks a users query whose count may stop at the cap.
func withCappedCount(ctx context.Context) context.Context {
	return context.WithValue(ctx, cappedCountKey{}, true)
}

// userCountInterceptor counts marked users queries up to searchCountCap+1
// rows, and counts others without DISTINCT (ent's default, which makes
// PostgreSQL hash every id; a query of users without joins has no
// duplicates to remove).
func userCountInterceptor() ent.Interceptor {
	return entgo.InterceptFunc(func(next entgo.Querier) entgo.Querier {
		return entgo.QuerierFunc(func(ctx context.Context, q entgo.Query) (entgo.Value, error) {
			uq, ok := q.(*ent.UserQuery)
			if !ok || entgo.QueryFromContext(ctx) == nil || entgo.QueryFromContext(ctx).Op != entgo.OpQueryCount {
				return next.Query(ctx, q)
			}
			if capped, _ := ctx.Value(cappedCountKey{}).(bool); capped {
				// A query context of its own: the count's would make the
				// IDs query a count again, and this interceptor would recurse.
				ids, err := uq.Clone().Limit(searchCountCap + 1).IDs(entgo.NewQueryContext(ctx, &entgo.QueryContext{Type: "User", Op: entgo.OpQueryIDs}))
				return len(ids), err
			}
			return next.Query(ctx, uq.Clone().Unique(false))
		})
	})
}
