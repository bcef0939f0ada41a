package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"imbridge/ent/viewer"
	"imbridge/graph/model"
)

// permissionScopes maps the schema's Permission enum to viewer scopes.
var permissionScopes = map[model.Permission]viewer.Scope{
	model.PermissionRead:             viewer.ScopeRead,
	model.PermissionDirectoryWrite:   viewer.ScopeDirectoryWrite,
	model.PermissionSyncWrite:        viewer.ScopeSyncWrite,
	model.PermissionPushWrite:        viewer.ScopePushWrite,
	model.PermissionLoginRedeem:      viewer.ScopeLoginRedeem,
	model.PermissionBroadcastWrite:   viewer.ScopeBroadcastWrite,
	model.PermissionIntegrationWrite: viewer.ScopeIntegrationWrite,
	model.PermissionAdminWrite:       viewer.ScopeAdminWrite,
	model.PermissionTenantWrite:      viewer.ScopeTenantWrite,
}

// authDirective implements @auth(requires:, or:): the viewer must hold the
// permission, or the alternative one when the field names one (a refusal
// names the first).
func authDirective(ctx context.Context, _ any, next graphql.Resolver, requires model.Permission, or *model.Permission) (any, error) {
	if or != nil {
		if v := viewer.FromContext(ctx); v != nil && v.Can(permissionScopes[*or]) {
			return next(ctx)
		}
	}
	if err := require(ctx, permissionScopes[requires]); err != nil {
		return nil, err
	}
	return next(ctx)
}

// require checks the viewer holds scope.
func require(ctx context.Context, scope viewer.Scope) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return errUnauthenticated
	}
	if !v.Can(scope) {
		return withReason(CodeForbidden, "permission_required", "this operation requires the "+string(scope)+" permission", map[string]any{"permission": string(scope)})
	}
	return nil
}

// guardQueries requires the read permission for every root query field
// except `viewer`. The generated entity queries cannot carry @auth, so the
// rule is applied here, to all of them at once.
func guardQueries(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc != nil && fc.Object == "Query" && fc.IsResolver && fc.Field.Name != "viewer" && fc.Field.Name[:2] != "__" {
		if err := require(ctx, viewer.ScopeRead); err != nil {
			return nil, err
		}
	}
	return next(ctx)
}
