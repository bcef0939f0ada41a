package rule

import (
	"context"

	"entgo.io/ent"

	"imbridge/ent/viewer"
)

// SetTenantOnCreate fills a new row's tenant from the viewer when the caller
// did not set one, so resolvers and jobs never pass tenant ids around.
func SetTenantOnCreate() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			tm, ok := m.(interface {
				TenantID() (int, bool)
				SetTenantID(int)
			})
			if !ok {
				return next.Mutate(ctx, m)
			}
			if _, set := tm.TenantID(); !set {
				if v := viewer.FromContext(ctx); v != nil && v.TenantID != 0 {
					tm.SetTenantID(v.TenantID)
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}
