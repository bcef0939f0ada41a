package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"imbridge/ent/viewer"
)

// payloadGuard holds a mutation's result (and a subscription's stream) to what the caller may read
// through queries. A mutation returns the object it changed (or a payload
// holding it), and its writer may read that object's own fields; reaching
// any other object from it — an edge to a user, a department, a connection —
// is a read, and needs the read permission as every query does. Without
// this a directory:write-only token read names, mobiles and e-mails through
// `bindUsers { oaUser { memberships { user { … } } } }`.
//
// A subscription's stream is held to the same rule (messageProgress, which
// a push:write token may follow: the OA reads the counters of what it
// pushed, not the tenant or the per-recipient rows).
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
	if fc != nil && fc.Field.Field != nil && (fc.Object == "Mutation" || fc.Object == "Subscription") {
		return g.before(ctx, fc, next)
	}
	if fc == nil || fc.Field.Field == nil || !g.reads[fc.Field.Definition.Type.Name()] {
		return next(ctx)
	}
	if op := graphql.GetOperationContext(ctx).Operation; op == nil || !guarded(op.Operation) {
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
		if p.Object == "Mutation" || p.Object == "Subscription" {
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

// before refuses a mutation whose selection the rule above would refuse,
// BEFORE its resolver runs. The refusal of a field below used to come after
// the mutation had called the platform (cancelBroadcast { watchers … }: the
// Volcano room deleted, the bridge's row rolled back with the
// transaction). The selection is static, so it is walked here (fragments
// included; @skip/@include are not evaluated: a refusal errs on the safe
// side), and the field-level check above stays as the backstop.
func (g payloadGuard) before(ctx context.Context, fc *graphql.FieldContext, next graphql.Resolver) (any, error) {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || !guarded(oc.Operation.Operation) {
		return next(ctx)
	}
	if v := viewer.FromContext(ctx); v != nil && v.Can(viewer.ScopeRead) {
		return next(ctx)
	}
	if obj, f := g.firstRead(oc.Doc, fc.Field.SelectionSet, g.reads[fc.Field.Definition.Type.Name()], 0); f != nil {
		err := forbidden("reading " + obj + "." + f.Name + " (" + f.Definition.Type.Name() +
			") from a mutation's result requires the read permission; select only the changed object's own fields")
		noteRefusal(ctx, fc.Field.Name, CodeForbidden, err.Error())
		return nil, err
	}
	return next(ctx)
}

// guarded: the operations whose results are held to the rule (queries
// need the read permission as a whole).
func guarded(op ast.Operation) bool { return op == ast.Mutation || op == ast.Subscription }

// firstRead finds a field returning an entity or connection below one that
// already returned one (below), and the type it is read on.
func (g payloadGuard) firstRead(doc *ast.QueryDocument, set ast.SelectionSet, below bool, depth int) (string, *ast.Field) {
	if depth > 64 {
		return "", nil // validation bounds real documents; fragments cannot cycle
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition == nil {
				continue
			}
			reads := g.reads[s.Definition.Type.Name()]
			if reads && below {
				return s.ObjectDefinition.Name, s
			}
			if obj, f := g.firstRead(doc, s.SelectionSet, below || reads, depth+1); f != nil {
				return obj, f
			}
		case *ast.InlineFragment:
			if obj, f := g.firstRead(doc, s.SelectionSet, below, depth+1); f != nil {
				return obj, f
			}
		case *ast.FragmentSpread:
			def := s.Definition
			if def == nil && doc != nil {
				def = doc.Fragments.ForName(s.Name)
			}
			if def != nil {
				if obj, f := g.firstRead(doc, def.SelectionSet, below, depth+1); f != nil {
					return obj, f
				}
			}
		}
	}
	return "", nil
}
