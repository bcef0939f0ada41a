package binder

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/viewer"
)

// Bind links an OA user to an IM user by hand (用户卡片绑定), or by another
// method named by the caller (login). Both users are read through the
// tenant filter, so a foreign id is not found. Errors: *InputError when a
// user is on the wrong side (field oaUserID / imUserID), *ConflictError
// when either is already bound in the IM user's corp.
func Bind(ctx context.Context, db *ent.Client, oaUserID, imUserID int, method binding.Method) (*ent.Binding, error) {
	oa, err := db.User.Get(ctx, oaUserID)
	if err != nil {
		return nil, err
	}
	if oa.CorpID != nil {
		return nil, invalid("oaUserID", "must be a user of the OA directory")
	}
	im, err := db.User.Get(ctx, imUserID)
	if err != nil {
		return nil, err
	}
	if im.CorpID == nil {
		return nil, invalid("imUserID", "must be a user of an IM directory")
	}
	if err := checkFree(ctx, db, *im.CorpID, oa, im); err != nil {
		return nil, err
	}
	b, err := db.Binding.Create().
		SetCorpID(*im.CorpID).SetKind(binding.KindUser).
		SetOaUserID(oa.ID).SetImUserID(im.ID).
		SetMethod(method).SetCreatedBy(viewer.FromContext(ctx).Actor()).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	return b, record(ctx, db, []event{{action: ActionBind, binding: b.ID, corp: b.CorpID, oa: oa, im: im, method: string(method)}})
}

// checkFree refuses a binding of two users of which either is already bound
// in the corp, naming who holds them.
func checkFree(ctx context.Context, db *ent.Client, corp int, oa, im *ent.User) error {
	held, err := db.Binding.Query().
		Where(binding.CorpID(corp), binding.KindEQ(binding.KindUser),
			binding.Or(binding.ImUserID(im.ID), binding.OaUserID(oa.ID))).
		WithOaUser().WithImUser().All(ctx)
	if err != nil {
		return err
	}
	for _, b := range held {
		if b.ImUserID != nil && *b.ImUserID == im.ID {
			if b.OaUserID != nil && *b.OaUserID == oa.ID {
				return conflict("%s is already bound to %s", who(im), who(oa))
			}
			return conflict("IM user %s is already bound to OA user %s; unbind first", who(im), who(b.Edges.OaUser))
		}
		return conflict("OA user %s is already bound to IM user %s in this corp; unbind first", who(oa), who(b.Edges.ImUser))
	}
	return nil
}

// who names a user for messages: name and id in the user's directory.
func who(u *ent.User) string {
	if u == nil {
		return "(unknown)"
	}
	return fmt.Sprintf("%s (%s)", u.Name, u.ExternalID)
}

// Unbind removes one binding (解绑) and records it in the history.
func Unbind(ctx context.Context, db *ent.Client, id int) error {
	b, err := db.Binding.Query().Where(binding.ID(id)).WithOaUser().WithImUser().Only(ctx)
	if err != nil {
		return err
	}
	if err := db.Binding.DeleteOneID(id).Exec(ctx); err != nil {
		return err
	}
	if b.Kind != binding.KindUser {
		return nil // department bindings belong to sync runs, which record their own changes
	}
	return record(ctx, db, []event{{action: ActionUnbind, binding: b.ID, corp: b.CorpID, oa: b.Edges.OaUser, im: b.Edges.ImUser, method: string(b.Method)}})
}
