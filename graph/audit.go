package graph

import (
	"context"
	"fmt"
	"reflect"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"imbridge/ent"
	"imbridge/ent/audit"
	"imbridge/ent/viewer"
)

// auditMutations records every successful root mutation in the audit log,
// inside the mutation's transaction: the change and its record commit
// together. Secrets in the arguments are redacted. A refused one (FORBIDDEN,
// NOT_FOUND, UNAUTHENTICATED) is noted for refusalAuditor, which records it
// as failed once the transaction is over.
func auditMutations(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Object != "Mutation" {
		return next(ctx)
	}
	args := fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)
	prev := nodeByID(ctx, args["id"])
	before := ""
	if prev != nil {
		before = audit.Snapshot(prev)
	}
	res, err := next(ctx)
	if err != nil {
		code, msg := presented(ctx, err)
		noteRefusal(ctx, fc.Field.Name, code, msg)
		return res, err
	}
	typ, id := target(res)
	if id == "" {
		if v, ok := args["id"]; ok {
			id = fmt.Sprint(v)
		}
	}
	entry := audit.Entry{Action: fc.Field.Name, TargetType: typ, TargetID: id, Summary: audit.Summarize(args), Before: before}
	if n, ok := res.(ent.Noder); ok && !isNil(n) {
		entry.After = audit.Snapshot(n)
	} else if a, ok := res.(auditAfterer); ok && !isNil(a) {
		entry.After = a.AuditAfter()
	}
	if entry.TargetType == "" && prev != nil {
		entry.TargetType = reflect.Indirect(reflect.ValueOf(prev)).Type().Name() // a delete's target
	}
	if rerr := audit.Record(ctx, ent.FromContext(ctx), entry); rerr != nil {
		return nil, rerr
	}
	return res, nil
}

// auditAfterer is a mutation result that is no node but is what the
// mutation did, kept as the event's after (a binding import's report).
type auditAfterer interface{ AuditAfter() string }

// target finds the object a mutation returned, directly or in its payload.
func target(res any) (typ, id string) {
	if n, ok := res.(ent.Noder); ok && !isNil(n) {
		return reflect.Indirect(reflect.ValueOf(n)).Type().Name(), fmt.Sprint(reflect.Indirect(reflect.ValueOf(n)).FieldByName("ID").Interface())
	}
	v := reflect.Indirect(reflect.ValueOf(res))
	if v.Kind() != reflect.Struct {
		return "", ""
	}
	for i := range v.NumField() {
		f := v.Field(i)
		if !f.CanInterface() {
			continue
		}
		if n, ok := f.Interface().(ent.Noder); ok && !isNil(n) {
			return target(n)
		}
		if v.Type().Field(i).Name == "DeletedID" {
			return "", fmt.Sprint(f.Interface())
		}
	}
	return "", ""
}

func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	return !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil())
}

// nodeByID is the object a mutation's id argument names, as it is before
// the mutation runs (the before of an update or delete), read in the
// mutation's transaction through the viewer's privacy rules: nothing the
// caller may not read. Nil when there is no such argument or object.
func nodeByID(ctx context.Context, id any) ent.Noder {
	client := ent.FromContext(ctx)
	if id == nil || client == nil {
		return nil
	}
	n, err := strconv.Atoi(fmt.Sprint(id))
	if err != nil {
		return nil
	}
	// Outside the GraphQL request's context (the viewer only, with its
	// privacy rules; the transaction is the client's): the node loader
	// would select only the fields the mutation's own selection names.
	node, err := client.Noder(viewer.NewContext(context.Background(), viewer.FromContext(ctx)), n)
	if err != nil || isNil(node) {
		return nil
	}
	return node
}
