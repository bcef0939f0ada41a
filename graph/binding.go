package graph

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/viewer"
	"imbridge/graph/model"
)

// bindUsers links an OA user to an IM user by hand. Both are read through
// the tenant filter, so a foreign id is NOT_FOUND.
func (r *Resolver) bindUsers(ctx context.Context, in model.BindUsersInput) (*ent.Binding, error) {
	db := r.db(ctx)
	oa, err := db.User.Get(ctx, in.OaUserID)
	if err != nil {
		return nil, err
	}
	if oa.CorpID != nil {
		return nil, badInput("input.oaUserID", "must be a user of the OA directory")
	}
	im, err := db.User.Get(ctx, in.ImUserID)
	if err != nil {
		return nil, err
	}
	if im.CorpID == nil {
		return nil, badInput("input.imUserID", "must be a user of an IM directory")
	}
	return db.Binding.Create().
		SetCorpID(*im.CorpID).SetKind(binding.KindUser).
		SetOaUserID(oa.ID).SetImUserID(im.ID).
		SetMethod(binding.MethodManual).SetCreatedBy(viewer.FromContext(ctx).Actor()).
		Save(ctx)
}
