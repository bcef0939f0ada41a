package graph_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"imbridge/ent/viewer"
	"imbridge/graph"
	"imbridge/graph/graphtest"
)

// hostileQueries are documents whose validation or cost walk is expensive
// (each took a second or more of CPU before they were refused), with what
// their refusal must say.
func hostileQueries() []struct{ name, query, because string } {
	nested := "{ " + strings.Repeat("viewer { "+strings.Repeat("tenant { "+strings.Repeat("name ", 12)+"} ", 12)+"} ", 12) + "}"
	var spreads, bomb strings.Builder
	spreads.WriteString("query { viewer { ")
	for i := range 500 {
		fmt.Fprintf(&spreads, "...V%d ", i)
	}
	spreads.WriteString("} }\n")
	for i := range 500 {
		fmt.Fprintf(&spreads, "fragment V%d on Viewer { name }\n", i)
	}
	bomb.WriteString("query { ...F0 }\n")
	for i := range 24 {
		fmt.Fprintf(&bomb, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	bomb.WriteString("fragment F24 on Query { viewer { name } }\n")
	return []struct{ name, query, because string }{
		// 97 KB: 30 s of CPU in validation before.
		{"20,000 repeated fields", "{ viewer { " + strings.Repeat("name ", 20000) + "} }", "tokens"},
		{"12×12×12 nested repeats", nested, "pairs of same-named fields"},
		{"500 fragments side by side", spreads.String(), "pairs of same-named fields or spreads"},
		{"fragment spread 2^24 times", bomb.String(), "fields once fragments are expanded"},
	}
}

// TestHostileQueriesAreRefusedBeforeValidation: documents that would cost
// seconds of CPU to validate or cost are refused by their shape with
// QUERY_TOO_LARGE (400) and a message naming the limit, whoever sends them.
func TestHostileQueriesAreRefusedBeforeValidation(t *testing.T) {
	env := graphtest.New(t)
	_, _, tok := env.Tenant("acme")
	for _, q := range hostileQueries() {
		body, _ := json.Marshal(map[string]any{"query": q.query})
		status, r, raw := post(t, env, tok, "POST", "application/json", strings.NewReader(string(body)))
		if status != http.StatusBadRequest || firstCode(r) != "QUERY_TOO_LARGE" || !strings.Contains(r.Errors[0].Message, q.because) {
			t.Errorf("%s (%d bytes): %d %.300s, want 400 QUERY_TOO_LARGE because of %s", q.name, len(body), status, raw, q.because)
		}
	}
	// Before authentication the 97 KB document does not get past the body limit.
	body, _ := json.Marshal(map[string]any{"query": hostileQueries()[0].query})
	if status, r, raw := post(t, env, nil, "POST", "application/json", strings.NewReader(string(body))); status != http.StatusRequestEntityTooLarge || firstCode(r) != "REQUEST_TOO_LARGE" {
		t.Errorf("anonymous 97 KB query: %d %.300s", status, raw)
	}
	// And a short document of many tokens meets the anonymous token limit.
	var aliases strings.Builder
	for i := range graph.MaxAnonymousTokens / 3 {
		fmt.Fprintf(&aliases, " a%d: __typename", i)
	}
	many := "{" + aliases.String() + " __typename }"
	body, _ = json.Marshal(map[string]any{"query": many})
	if status, r, raw := post(t, env, nil, "POST", "application/json", strings.NewReader(string(body))); status != http.StatusBadRequest || firstCode(r) != "QUERY_TOO_LARGE" || !strings.Contains(r.Errors[0].Message, "send credentials") {
		t.Errorf("anonymous %d-token query (%d bytes): %d %.300s", graph.MaxAnonymousTokens+3, len(body), status, raw)
	}
	tok.MustDo(many, nil, nil)
}

// TestIntrospectionPasses: GraphiQL's introspection query (ofType nested 8
// deep, fragments) passes every limit, before authentication too.
func TestIntrospectionPasses(t *testing.T) {
	env := graphtest.New(t)
	q, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Schema struct{ Types []struct{ Name string } } `json:"__schema"`
	}
	env.Anonymous().MustDo(string(q), nil, &out)
	if len(out.Schema.Types) < 50 {
		t.Fatalf("introspection returned %d types", len(out.Schema.Types))
	}
}

// TestWidePagesAreTooComplex: 40 aliases of users(first: 1000) with nested
// connections cost 40 × 1000 × their selection and are refused before they
// run; one page of the console's directory table is not.
func TestWidePagesAreTooComplex(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		fmt.Fprintf(&b, ` u%d: users(first: 1000) { edges { node { id name memberships { department { children(first: 1000) { edges { node { id name } } } } } } } }`, i)
	}
	b.WriteString(" }")
	code, e := adm.ErrCode(b.String(), nil)
	if code != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Fatalf("40 wide pages: %s %s", code, e.Message)
	}
	adm.MustDo(`query($first: Int) { users(first: $first) { totalCount edges { node { id name mobile email memberships { id primary department { id name } }
		oaBindings { id method imUser { id name } } imBindings { id method oaUser { id name } } } } } }`, map[string]any{"first": 100}, nil)
}

// BenchmarkHostileQueries: how long refusing each hostile document takes,
// through the whole GraphQL handler (each took ≥ 1 s before the shape limits).
func BenchmarkHostileQueries(b *testing.B) {
	env := graphtest.New(b, graphtest.Options{NoWorker: true})
	h := graph.NewHandler(env.Resolver, nil)
	v := &viewer.Viewer{Kind: viewer.KindToken, ID: 1, TenantID: 1, Scopes: viewer.TokenScopes}
	for _, q := range hostileQueries() {
		body, _ := json.Marshal(map[string]any{"query": q.query})
		b.Run(strings.ReplaceAll(q.name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req.WithContext(viewer.NewContext(req.Context(), v)))
				if rec.Code != http.StatusBadRequest {
					b.Fatalf("%d %.200s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkLargestAcceptedQueries: documents just within the shape limits
// run whole (parsed, validated, executed), to show what the limits still let
// through. __typename needs no resolver, so validation is what is measured.
func BenchmarkLargestAcceptedQueries(b *testing.B) {
	env := graphtest.New(b, graphtest.Options{NoWorker: true})
	h := graph.NewHandler(env.Resolver, nil)
	v := &viewer.Viewer{Kind: viewer.KindToken, ID: 1, TenantID: 1, Scopes: viewer.TokenScopes}
	var spreads, aliases strings.Builder
	spreads.WriteString("query { ")
	for i := range 100 {
		fmt.Fprintf(&spreads, "...Q%d ", i)
	}
	spreads.WriteString("}\n")
	for i := range 100 {
		fmt.Fprintf(&spreads, "fragment Q%d on Query { __typename }\n", i)
	}
	aliases.WriteString("{")
	for i := range 3300 {
		fmt.Fprintf(&aliases, " a%d: __typename", i)
	}
	aliases.WriteString(" }")
	for _, q := range []struct{ name, query string }{
		{"141 repeated fields", "{ " + strings.Repeat("__typename ", 141) + "}"},
		{"100 fragments side by side", spreads.String()},
		{"3,300 aliases", aliases.String()},
	} {
		body, _ := json.Marshal(map[string]any{"query": q.query})
		b.Run(strings.ReplaceAll(q.name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req.WithContext(viewer.NewContext(req.Context(), v)))
				if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
					b.Fatalf("%d %.300s", rec.Code, rec.Body)
				}
			}
		})
	}
}
