package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// paginationCheck refuses, before anything runs, a connection given both
// `first` and `last` (entgql answers that with an uncoded error, which
// showed as INTERNAL) or a page size outside 0…maxPageSize, on every
// connection of the operation, nested ones included (whose generated
// resolvers check nothing). The error is BAD_USER_INPUT naming the field.
type paginationCheck struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = paginationCheck{}

func (paginationCheck) ExtensionName() string { return "PaginationCheck" }

func (paginationCheck) Validate(graphql.ExecutableSchema) error { return nil }

func (paginationCheck) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	return walkFields(oc.Operation.SelectionSet, oc.Doc.Fragments, oc.Variables, nil, 0, pageProblem)
}

func pageProblem(f *ast.Field, vars map[string]any, path ast.Path) *gqlerror.Error {
	if f.Definition == nil || f.Definition.Arguments.ForName("first") == nil || f.Definition.Arguments.ForName("last") == nil {
		return nil
	}
	args := f.ArgumentMap(vars)
	bad := func(arg, msg string) *gqlerror.Error {
		field := renderPath(path) + "." + arg
		return &gqlerror.Error{Message: field + ": " + msg, Path: path,
			Extensions: map[string]any{"code": CodeBadUserInput, "field": field}}
	}
	if args["first"] != nil && args["last"] != nil {
		return bad("last", "pass either first or last, not both")
	}
	for _, arg := range []string{"first", "last"} {
		if v := args[arg]; v != nil {
			if n := intArg(v); n < 0 || n > maxPageSize {
				return bad(arg, fmt.Sprintf("must be between 0 and %d", maxPageSize))
			}
		}
	}
	return nil
}

// intArg reads an Int argument as gqlparser hands it over: int64 from a
// literal, json.Number or a Go int from variables.
func intArg(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int32:
		return int(n)
	case int64:
		return int(max(min(n, math.MaxInt32), math.MinInt32))
	case float64:
		return int(max(min(n, math.MaxInt32), math.MinInt32))
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return intArg(i)
		}
		return math.MaxInt32 // not an Int: validation refuses it anyway
	}
	return 0
}
