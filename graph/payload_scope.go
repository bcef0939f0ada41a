package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"imbridge/ent/viewer"
)

// payloadGuard holds a mutation's result to what the caller may read
// through queries. A mutation returns the object it changed (or a payload
// holding it), and its writer may read that object's own fields; reaching
// any other object from it — an edge to a user, a department, a connection —
// is a read, and needs the read permission as every query does. Without
// this a directory:write-only token read names, mobiles and e-mails through
// `bindUsers { oaUser { memberships { user { … } } } }`.
//
// The rule is structural (a field returning an entity or a connection, below
// a field that already returned one), so it covers every mutation, present
// and future. A refusal fails the mutation, which is then rolled back with
// the rest of its transaction, and is audited as a refused attempt.
type payloadGuard struct {
	// reads are the types whose fields lead to other objects: entities
	// (Node types), Node, and connections of entities.
	reads map[string]bool
}

func newPayloadGuard(s *ast.Schema) payloadGuard {
	reads := entityTypes(s)
	for name, d := range s.Types {
		edges := d.Fields.ForName("edges")
		if edges == nil {
			continue
		}
		if edge := s.Types[edges.Type.Name()]; edge != nil {
			if node := edge.Fields.ForName("node"); node != nil && reads[node.Type.Name()] {
				reads[name] = true
			}
		}
	}
	return payloadGuard{reads: reads}
}

func (g payloadGuard) intercept(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Object == "Mutation" || !g.reads[fc.Field.Definition.Type.Name()] {
		return next(ctx)
	}
	if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation != ast.Mutation {
		return next(ctx)
	}
	if v := viewer.FromContext(ctx); v != nil && v.Can(viewer.ScopeRead) {
		return next(ctx)
	}
	root, below := "", false
	for p := fc.Parent; p != nil; p = p.Parent {
		if p.Field.Field == nil || p.Field.Definition == nil {
			continue // a list element's context
		}
		if p.Object == "Mutation" {
			root = p.Field.Name
		}
		if g.reads[p.Field.Definition.Type.Name()] {
			below = true
		}
	}
	if !below {
		return next(ctx) // the changed object itself, inside a payload
	}
	err := forbidden("reading " + fc.Object + "." + fc.Field.Name + " (" + fc.Field.Definition.Type.Name() +
		") from a mutation's result requires the read permission; select only the changed object's own fields")
	noteRefusal(ctx, root, CodeForbidden, err.Error())
	return nil, err
}
