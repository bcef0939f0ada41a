package graph

import (
	"context"
	"sort"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"imbridge/platform"
)

// textCheck refuses, before anything runs, every text argument of the
// operation — at any depth of an input object or list, on any field, filters
// included — that platform.TextProblem refuses: invalid UTF-8, NUL, ESC and
// the other control characters, bidi overrides. The same rule as the OA
// import, so a title, a source label, a rule or template name, a token's
// name never stores what PostgreSQL refuses (a NUL fails the insert as
// INTERNAL) or what disguises itself in the console, and a filter such as
// titleContains:"\u0000" (which ended SQLite's LIKE pattern and matched
// every row) is refused instead of run. Line breaks and tabs pass: message
// bodies, descriptions and PEM keys have them. The error is BAD_USER_INPUT
// naming the argument path (input.title).
type textCheck struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = textCheck{}

func (textCheck) ExtensionName() string { return "TextCheck" }

func (textCheck) Validate(graphql.ExecutableSchema) error { return nil }

func (textCheck) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	return walkFields(oc.Operation.SelectionSet, oc.Doc.Fragments, oc.Variables, nil, 0, fieldTextProblem)
}

func fieldTextProblem(f *ast.Field, vars map[string]any, path ast.Path) *gqlerror.Error {
	if len(f.Arguments) == 0 {
		return nil
	}
	args := f.ArgumentMap(vars)
	names := make([]string, 0, len(args))
	for name := range args {
		names = append(names, name)
	}
	sort.Strings(names) // the same argument is named first every time
	for _, name := range names {
		if field, problem := textProblem(name, args[name], 0); problem != "" {
			return &gqlerror.Error{Message: field + ": " + problem, Path: path,
				Extensions: map[string]any{"code": CodeBadUserInput, "field": field}}
		}
	}
	return nil
}

// textProblem walks one argument value as gqlparser hands it over (strings,
// maps of input objects, lists) and names the first text refused.
func textProblem(field string, v any, depth int) (string, string) {
	if depth > 32 {
		return "", "" // nesting is bounded by the query's own depth limits
	}
	switch x := v.(type) {
	case string:
		if p := platform.TextProblem(x, true); p != "" {
			return field, "must not contain control characters: it " + p
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if f, p := textProblem(field+"."+k, x[k], depth+1); p != "" {
				return f, p
			}
		}
	case []any:
		for i, e := range x {
			if f, p := textProblem(field+"["+strconv.Itoa(i)+"]", e, depth+1); p != "" {
				return f, p
			}
		}
	}
	return "", ""
}
