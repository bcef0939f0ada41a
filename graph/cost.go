package graph

import (
	"context"
	"math"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// listEstimate is the rows assumed for a list of entities that takes no
// `first`/`last` (a user's memberships and bindings: a handful each).
const listEstimate = 10

// costedSchema is the executable schema with the API's cost model, which
// gqlgen's complexity limit (MaxComplexity) adds up over an operation, with
// fragments expanded and variables applied:
//
//   - every field costs 1 plus what it selects;
//   - a field taking `first`/`last` (a connection) multiplies what it
//     selects by `first` or `last`; without them by defaultPageSize at the
//     root (the resolvers' default) and by maxPageSize on a nested
//     connection (entgql returns all of those);
//   - a list of entities without them multiplies by the number of `ids`
//     asked for, or by listEstimate.
//
// So 40 aliases of users(first: 1000) cost 40 × 1000 × their selection,
// and one users(first: 100) of the console's directory table costs ~20,000.
// The rule holds for every field of the schema, generated ones included, so
// a new connection is costed without a line of code.
type costedSchema struct {
	graphql.ExecutableSchema
	entities map[string]bool // types implementing Node, and Node
}

func newCostedSchema(es graphql.ExecutableSchema) costedSchema {
	return costedSchema{ExecutableSchema: es, entities: entityTypes(es.Schema())}
}

// entityTypes are the names of the schema's Node types and of Node itself.
func entityTypes(s *ast.Schema) map[string]bool {
	out := map[string]bool{}
	if node := s.Types["Node"]; node != nil {
		out[node.Name] = true
		for _, d := range s.GetPossibleTypes(node) {
			out[d.Name] = true
		}
	}
	return out
}

func (s costedSchema) Complexity(_ context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	def := s.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	fd := def.Fields.ForName(field)
	if fd == nil {
		return 0, false
	}
	return saturatingAdd(1, saturatingMul(s.multiplier(def, fd, args), child)), true
}

// multiplier is how many times a field's selection is resolved, at most.
func (s costedSchema) multiplier(parent *ast.Definition, fd *ast.FieldDefinition, args map[string]any) int {
	if fd.Arguments.ForName("first") != nil || fd.Arguments.ForName("last") != nil {
		n, given := max(intArg(args["first"]), intArg(args["last"])), args["first"] != nil || args["last"] != nil
		switch {
		case given:
			return max(n, 0)
		case s.isRoot(parent):
			return defaultPageSize
		default:
			return maxPageSize
		}
	}
	if fd.Type.Elem != nil && s.entities[fd.Type.Name()] {
		if ids, ok := args["ids"].([]any); ok {
			return len(ids)
		}
		return listEstimate
	}
	return 1
}

func (s costedSchema) isRoot(d *ast.Definition) bool {
	sc := s.Schema()
	return d == sc.Query || d == sc.Mutation || d == sc.Subscription
}

func saturatingAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func saturatingMul(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}
