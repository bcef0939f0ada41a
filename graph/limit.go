package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Query cost limits, all checked before anything runs. The document's size
// (query_shape.go) bounds what parsing and validation cost; depth stops
// deeply nested queries (department → children → children …); complexity
// (cost.go: every field 1, times `first`/`last` of the connection it is in)
// bounds how many rows one query may touch.
const (
	MaxDepth      = 12
	MaxComplexity = 50000
	// MaxTokens bounds the tokens of a document. Console queries have at
	// most ~150 and GraphiQL's introspection ~200; large inputs (imports)
	// belong in variables, which are not tokens.
	MaxTokens = 10000
	// MaxAnonymousTokens bounds them before authentication, when only
	// `viewer` and introspection can be asked for. Validation costs ~30 µs
	// a token, so this keeps an anonymous document under ~30 ms.
	MaxAnonymousTokens = 1000
	// MaxFields bounds the fields an operation selects once fragments are
	// expanded (a fragment spread twice counts twice).
	MaxFields = 10000
	// MaxFieldPairs bounds the pairs of same-named fields (and of fragment
	// spreads) that validation must compare for conflicts; see query_shape.go.
	MaxFieldPairs = 10000
)

// depthLimit rejects operations nested deeper than max.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string { return "DepthLimit" }

func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0); depth > d.max {
		err := gqlerror.Errorf("operation depth %d exceeds the limit of %d", depth, d.max)
		err.Extensions = map[string]any{"code": CodeQueryTooDeep}
		return err
	}
	return nil
}

func selectionDepth(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen int) int {
	if seen > 64 {
		return seen // fragment cycles are rejected by validation; stop anyway
	}
	deepest := 0
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				// Introspection (GraphiQL's query nests ofType 8 deep) is
				// bounded by validation's MaxIntrospectionDepth rule.
				continue
			}
			if len(s.SelectionSet) == 0 {
				d = 1
			} else {
				d = 1 + selectionDepth(s.SelectionSet, frags, seen+1)
			}
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, frags, seen+1)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = selectionDepth(f.SelectionSet, frags, seen+1)
			}
		default:
			panic(fmt.Sprintf("unexpected selection %T", sel))
		}
		deepest = max(deepest, d)
	}
	return deepest
}
