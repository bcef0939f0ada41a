package broadcast

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/binding"
	"imbridge/ent/privacy"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
)

// Approvers are who decide a corp's requests: console accounts (the
// tenant's admins, or the named ones) and named people (OA users).
type Approvers struct {
	Admins []*ent.Admin
	People []*ent.User
}

// Approvers returns the corp's approvers.
func (p *Permissions) Approvers(ctx context.Context, corpID int) (Approvers, error) {
	pol, _, err := p.PolicyOf(ctx, corpID)
	if err != nil {
		return Approvers{}, err
	}
	db := p.db(ctx)
	q := db.Admin.Query().Where(admin.Disabled(false), admin.TenantIDNotNil())
	if pol.Named {
		q.Where(admin.IDIn(pol.Approvers...))
	} else {
		q.Where(admin.RoleEQ(admin.RoleTenantAdmin))
	}
	var out Approvers
	if out.Admins, err = q.Order(ent.Asc(admin.FieldID)).All(ctx); err != nil {
		return Approvers{}, err
	}
	if pol.Named && len(pol.ApproverUsers) > 0 {
		out.People, err = db.User.Query().Where(user.IDIn(pol.ApproverUsers...), user.CorpIDIsNil()).Order(ent.Asc(user.FieldID)).All(ctx)
	}
	return out, err
}

// viewerOA is the OA user the viewer's console account is linked to
// through its IM link (sign-in by Feishu or WeCom): 0 when it has none or
// the policy names no people (nothing to look up then).
func (p *Permissions) viewerOA(ctx context.Context, pol Policy) (int, error) {
	v := viewer.FromContext(ctx)
	if !pol.Named || len(pol.ApproverUsers) == 0 || v == nil || v.Kind != viewer.KindAdmin {
		return 0, nil
	}
	// The viewer's own row, read as the system: a super admin working in a
	// tenant is outside its filter.
	a, err := p.db(ctx).Admin.Get(privacy.DecisionContext(ctx, privacy.Allow), v.ID)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	oa, err := linkedOA(ctx, p.db(ctx), a)
	if oa == nil || err != nil {
		return 0, err
	}
	return oa.ID, nil
}

// linkedOA is the OA user of a console account's IM link: the linked
// corp's IM user (by user id or union id) and that person's OA binding;
// nil when any step is missing.
func linkedOA(ctx context.Context, db *ent.Client, a *ent.Admin) (*ent.User, error) {
	if a.ImCorpID == nil || a.ImUserID == "" && a.ImUnionID == "" {
		return nil, nil
	}
	q := db.User.Query().Where(user.CorpID(*a.ImCorpID))
	switch {
	case a.ImUserID != "" && a.ImUnionID != "":
		q.Where(user.Or(user.ExternalID(a.ImUserID), user.UnionID(a.ImUnionID)))
	case a.ImUserID != "":
		q.Where(user.ExternalID(a.ImUserID))
	default:
		q.Where(user.UnionID(a.ImUnionID))
	}
	im, err := q.First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := db.Binding.Query().Where(binding.ImUserID(im.ID)).WithOaUser().First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return b.Edges.OaUser, nil
}
