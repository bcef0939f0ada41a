package graph

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// fieldCheck looks at one field of an operation (with the variables and its
// response path) and returns the error that refuses the operation, or nil.
type fieldCheck func(f *ast.Field, vars map[string]any, path ast.Path) *gqlerror.Error

// walkFields runs check on every field of a selection set, at any depth,
// through inline fragments and fragment spreads, and stops at the first
// error. The operation checks that refuse a request before anything runs
// (paginationCheck, textCheck) share it.
func walkFields(set ast.SelectionSet, frags ast.FragmentDefinitionList, vars map[string]any, path ast.Path, seen int, check fieldCheck) *gqlerror.Error {
	if seen > 64 {
		return nil // fragment cycles are refused by validation
	}
	for _, sel := range set {
		var err *gqlerror.Error
		switch s := sel.(type) {
		case *ast.Field:
			p := append(path[:len(path):len(path)], ast.PathName(s.Alias))
			if err = check(s, vars, p); err == nil {
				err = walkFields(s.SelectionSet, frags, vars, p, seen+1, check)
			}
		case *ast.InlineFragment:
			err = walkFields(s.SelectionSet, frags, vars, path, seen+1, check)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				err = walkFields(f.SelectionSet, frags, vars, path, seen+1, check)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
