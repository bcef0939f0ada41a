package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"imbridge/ent/viewer"
)

// queryShape refuses documents whose parsing, validation or cost walk would
// be expensive, before gqlgen parses and validates them (which happens before
// authentication matters, so anyone can send them):
//
//   - more than maxTokens tokens (maxAnonymousTokens before authentication):
//     20,000 copies of one field (97 KB) cost 30 s of CPU in validation, and
//     even distinct fields cost ~30 µs a token;
//   - more than maxFields fields once fragments are expanded: a fragment
//     spread twice in a fragment spread twice … doubles at every level, and
//     the depth and complexity walks expand fragments;
//   - more than maxPairs comparisons in the "overlapping fields can be
//     merged" rule, which compares every pair of fields that share a
//     response name in one selection set (children of same-named fields
//     merged, so nesting multiplies) and every pair of fragment spreads in
//     one set. 1,000 copies of one field, 12×12×12 nested copies, or 500
//     fragments spread side by side each cost about a second under the
//     token limit alone.
//
// Documents already in gqlgen's query cache passed this check when first
// seen and skip it.
type queryShape struct {
	cache                                              graphql.Cache[*ast.QueryDocument]
	maxTokens, maxAnonymousTokens, maxFields, maxPairs int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = queryShape{}

func (queryShape) ExtensionName() string { return "QueryShape" }

func (queryShape) Validate(graphql.ExecutableSchema) error { return nil }

func (q queryShape) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	if raw.Query == "" {
		return nil
	}
	if _, ok := q.cache.Get(ctx, raw.Query); ok {
		return nil
	}
	src := &ast.Source{Input: raw.Query}
	maxTokens, hint := q.maxTokens, "pass large inputs as variables"
	if viewer.FromContext(ctx) == nil {
		maxTokens, hint = q.maxAnonymousTokens, "send credentials (session or Bearer token)"
	}
	if n, ok := countTokens(src, maxTokens); !ok {
		return tooLarge(fmt.Sprintf("the query has more than %d tokens (the limit); %s", maxTokens, hint))
	} else if n == 0 {
		return nil
	}
	doc, err := parser.ParseQuery(src)
	if err != nil {
		return nil // a syntax error: gqlgen reports it with its position
	}
	w := shapeWalker{frags: map[string]*ast.FragmentDefinition{}, fieldsLeft: q.maxFields, pairsLeft: q.maxPairs}
	for _, f := range doc.Fragments {
		w.frags[f.Name] = f
	}
	// Validation visits every operation and, on its own, every fragment.
	for _, op := range doc.Operations {
		w.check([]ast.SelectionSet{op.SelectionSet})
	}
	for _, f := range doc.Fragments {
		w.check([]ast.SelectionSet{f.SelectionSet})
	}
	switch {
	case w.fieldsLeft < 0:
		return tooLarge(fmt.Sprintf("the query selects more than %d fields once fragments are expanded (the limit)", q.maxFields))
	case w.pairsLeft < 0:
		return tooLarge(fmt.Sprintf("the query repeats fields or fragment spreads too often: more than %d pairs of same-named fields or spreads to compare (the limit)", q.maxPairs))
	}
	return nil
}

func tooLarge(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": CodeQueryTooLarge}}
}

// countTokens counts src's tokens up to max+1; ok is false past max. A
// lexical error stops the count (the parser reports it).
func countTokens(src *ast.Source, max int) (n int, ok bool) {
	lx := lexer.New(src)
	for {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return n, true
		}
		if n++; n > max {
			return n, false
		}
	}
}

// shapeWalker expands an operation as validation does, spending a budget
// of fields and of comparisons; it stops once either is spent.
type shapeWalker struct {
	frags      map[string]*ast.FragmentDefinition
	fieldsLeft int
	pairsLeft  int
	spreading  []string // fragments being expanded: a cycle is validation's to report
}

func (w *shapeWalker) spent() bool { return w.fieldsLeft < 0 || w.pairsLeft < 0 }

// check merges sets (the sub-selections of same-named fields, compared
// against each other by validation), counts the pairs to compare, and
// recurses into each group of same-named fields.
func (w *shapeWalker) check(sets []ast.SelectionSet) {
	groups := map[string][]ast.SelectionSet{}
	var order []string
	spreads := 0
	for _, set := range sets {
		w.collect(set, func(f *ast.Field) {
			name := f.Alias
			if name == "" {
				name = f.Name
			}
			if _, ok := groups[name]; !ok {
				order = append(order, name)
			}
			groups[name] = append(groups[name], f.SelectionSet)
		}, &spreads)
		if w.spent() {
			return
		}
	}
	w.pairsLeft -= spreads * (spreads - 1) / 2
	for _, name := range order {
		g := groups[name]
		if w.pairsLeft -= len(g) * (len(g) - 1) / 2; w.spent() {
			return
		}
		var subs []ast.SelectionSet
		for _, s := range g {
			if len(s) > 0 {
				subs = append(subs, s)
			}
		}
		if len(subs) > 0 {
			if w.check(subs); w.spent() {
				return
			}
		}
	}
}

// collect calls field for every field of set, inline fragments and
// fragment spreads expanded, and counts the spreads.
func (w *shapeWalker) collect(set ast.SelectionSet, field func(*ast.Field), spreads *int) {
	for _, sel := range set {
		if w.spent() {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			w.fieldsLeft--
			field(s)
		case *ast.InlineFragment:
			w.collect(s.SelectionSet, field, spreads)
		case *ast.FragmentSpread:
			*spreads++
			w.fieldsLeft-- // an empty fragment spread many times still costs a visit
			f := w.frags[s.Name]
			if f == nil || w.isSpreading(s.Name) {
				continue
			}
			w.spreading = append(w.spreading, s.Name)
			w.collect(f.SelectionSet, field, spreads)
			w.spreading = w.spreading[:len(w.spreading)-1]
		}
	}
}

func (w *shapeWalker) isSpreading(name string) bool {
	for _, n := range w.spreading {
		if n == name {
			return true
		}
	}
	return false
}
