// Package rule holds the ent privacy rules. Tenant isolation lives here, in
// the data layer, so no resolver or job can forget it.
package rule

import (
	"context"

	"entgo.io/ent/entql"

	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
)

// tenantFilter is implemented by the generated filters of tenant-scoped entities.
type tenantFilter interface {
	WhereTenantID(entql.IntP)
}

// DenyIfNoViewer refuses anonymous access.
func DenyIfNoViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx) == nil {
			return privacy.Denyf("no viewer in context")
		}
		return privacy.Skip
	})
}

// FilterTenant restricts every query, update and delete to the viewer's
// tenant. A super admin who has not picked a tenant sees all tenants.
//
// It filters the rows a query returns, not the subqueries of edge predicates
// (has<Edge>With): those are kept inside the row's own tenant by the
// generated predicates themselves (ent/template/tenant_edge.tmpl).
func FilterTenant() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("no viewer in context")
		}
		if v.TenantID == 0 {
			if v.IsSuperAdmin() {
				return privacy.Skip
			}
			return privacy.Denyf("viewer %s has no tenant", v.Actor())
		}
		tf, ok := f.(tenantFilter)
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		tf.WhereTenantID(entql.IntEQ(v.TenantID))
		return privacy.Skip
	})
}

// FilterOwnTenant restricts Tenant rows themselves to the viewer's tenant.
func FilterOwnTenant() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("no viewer in context")
		}
		if v.TenantID == 0 && v.IsSuperAdmin() {
			return privacy.Skip
		}
		idf, ok := f.(interface{ WhereID(entql.IntP) })
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		idf.WhereID(entql.IntEQ(v.TenantID))
		return privacy.Skip
	})
}
