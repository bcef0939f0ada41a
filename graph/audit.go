package graph

import (
	"context"
	"fmt"
	"reflect"

	"github.com/99designs/gqlgen/graphql"

	"imbridge/ent"
	"imbridge/ent/audit"
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
	res, err := next(ctx)
	if err != nil {
		code, msg := presented(ctx, err)
		noteRefusal(ctx, fc.Field.Name, code, msg)
		return res, err
	}
	args := fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)
	typ, id := target(res)
	if id == "" {
		if v, ok := args["id"]; ok {
			id = fmt.Sprint(v)
		}
	}
	if rerr := audit.Record(ctx, ent.FromContext(ctx), audit.Entry{
		Action: fc.Field.Name, TargetType: typ, TargetID: id, Summary: audit.Summarize(args),
	}); rerr != nil {
		return nil, rerr
	}
	return res, nil
}

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
