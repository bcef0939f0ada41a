package graph

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"imbridge/ent/viewer"
	"imbridge/frontend"
	"imbridge/graph/generated"
)

// consolePageSizes are the largest page sizes the console asks for, by
// operation and Int variable; any other Int variable is a table page, at
// most 100 (Ant Design's largest page-size option).
var consolePageSizes = map[string]int{
	"DirectoryDepartments.first": 500,  // useDepartments.ts PAGE
	"DirectoryMemberships.first": 1000, // useDepartments.ts MEMBER_PAGE
	"Tenants.first":              200,  // TenantSwitcher.tsx
}

type costCase struct {
	name, doc string
	vars      map[string]any
}

// consoleOperations are the console's operations as it sends them: each
// with the fragments it spreads, its Int variables at their largest.
func consoleOperations(t *testing.T) []costCase {
	t.Helper()
	docs := frontend.Documents()
	fragments := map[string]string{}
	fragName := regexp.MustCompile(`fragment\s+(\w+)`)
	for _, d := range docs {
		if m := fragName.FindStringSubmatch(d); m != nil && strings.HasPrefix(strings.TrimSpace(d), "fragment") {
			fragments[m[1]] = d
		}
	}
	spread := regexp.MustCompile(`\.\.\.(\w+)`)
	intVar := regexp.MustCompile(`\$(\w+):\s*Int`)
	opName := regexp.MustCompile(`^\s*(?:query|mutation|subscription)\s+(\w+)`)
	var out []costCase
	for _, d := range docs {
		m := opName.FindStringSubmatch(d)
		if m == nil {
			continue
		}
		text, seen := d, map[string]bool{}
		for changed := true; changed; {
			changed = false
			for _, s := range spread.FindAllStringSubmatch(text, -1) {
				if f, ok := fragments[s[1]]; ok && !seen[s[1]] {
					seen[s[1]], changed = true, true
					text += "\n" + f
				}
			}
		}
		vars := map[string]any{}
		for _, v := range intVar.FindAllStringSubmatch(d, -1) {
			n, ok := consolePageSizes[m[1]+"."+v[1]]
			if !ok {
				n = 100
			}
			vars[v[1]] = int64(n)
		}
		out = append(out, costCase{m[1], text, vars})
	}
	if len(out) < 30 {
		t.Fatalf("found only %d console operations in frontend/src/gql", len(out))
	}
	return out
}

// limitsOf runs every pre-execution limit on one document: the shape
// check, validation, pagination, depth and cost.
func limitsOf(t *testing.T, c costCase) (cost int, problem string) {
	t.Helper()
	es := newCostedSchema(generated.NewExecutableSchema(generated.Config{}))
	shape := queryShape{cache: lru.New[*ast.QueryDocument](10), maxTokens: MaxTokens, maxAnonymousTokens: MaxAnonymousTokens, maxFields: MaxFields, maxPairs: MaxFieldPairs}
	signedIn := viewer.NewContext(context.Background(), &viewer.Viewer{Kind: viewer.KindAdmin, ID: 1, TenantID: 1, Role: viewer.RoleTenantAdmin})
	if err := shape.MutateOperationParameters(signedIn, &graphql.RawParams{Query: c.doc}); err != nil {
		return 0, err.Message
	}
	doc, errs := gqlparser.LoadQuery(es.Schema(), c.doc)
	if len(errs) > 0 {
		return 0, errs.Error()
	}
	op := doc.Operations[0]
	oc := &graphql.OperationContext{Doc: doc, Operation: op, Variables: c.vars}
	if err := (paginationCheck{}).MutateOperationContext(context.Background(), oc); err != nil {
		return 0, err.Message
	}
	if err := (depthLimit{max: MaxDepth}).MutateOperationContext(context.Background(), oc); err != nil {
		return 0, err.Message
	}
	return complexity.Calculate(context.Background(), es, op, c.vars), ""
}

// TestConsoleOperationsFitTheLimits: every query the console sends, at the
// largest page it asks for, passes every limit, with room to spare.
func TestConsoleOperationsFitTheLimits(t *testing.T) {
	intro, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	cases := append(consoleOperations(t), costCase{"GraphiQL introspection", string(intro), nil})
	for _, c := range cases {
		cost, problem := limitsOf(t, c)
		if problem != "" {
			t.Errorf("%s: refused: %s", c.name, problem)
			continue
		}
		if cost > MaxComplexity/2 {
			t.Errorf("%s: costs %d, too close to the limit %d", c.name, cost, MaxComplexity)
		}
		t.Logf("%-24s cost %6d %v", c.name, cost, c.vars)
	}
}

// TestPageSizesMultiplyCost: `first`/`last` multiply the cost of what they
// select, at every level, so wide and nested pages are refused before they
// run.
func TestPageSizesMultiplyCost(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		b.WriteString(" u" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `: users(first: 1000) { edges { node { id name memberships { department { children(first: 1000) { edges { node { id } } } } } } } }`)
	}
	b.WriteString(" }")
	wide := costCase{"40 aliases", b.String(), nil}
	one := costCase{"one page", `{ users(first: 1000) { edges { node { id name } } } }`, nil}
	nested := costCase{"nested", `query($n: Int) { departments(first: $n) { edges { node { children(first: $n) { edges { node { children(first: $n) { edges { node { id } } } } } } } } } }`, map[string]any{"n": int64(100)}}

	oneCost, _ := limitsOf(t, one)
	if want := 1000 * 4; oneCost < want || oneCost > MaxComplexity {
		t.Fatalf("users(first: 1000) { id name } costs %d, want at least %d and within the limit", oneCost, want)
	}
	for _, c := range []costCase{wide, nested} {
		cost, problem := limitsOf(t, c)
		if problem != "" {
			t.Fatalf("%s: refused before costing: %s", c.name, problem)
		}
		if cost <= MaxComplexity {
			t.Errorf("%s costs %d, within the limit %d", c.name, cost, MaxComplexity)
		}
	}
	// last multiplies as first does; a list of entities without a page by
	// the ids asked for.
	last, _ := limitsOf(t, costCase{"last", `{ users(last: 1000) { edges { node { id name } } } }`, nil})
	if last != oneCost {
		t.Errorf("last: 1000 costs %d, first: 1000 costs %d", last, oneCost)
	}
	ids := make([]any, 1000)
	for i := range ids {
		ids[i] = "1"
	}
	nodes, _ := limitsOf(t, costCase{"nodes", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}})
	if nodes < 1000 {
		t.Errorf("nodes(ids: 1000 ids) costs %d", nodes)
	}
}
