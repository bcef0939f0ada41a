package graph

import (
	"context"
	"fmt"
	"strings"
	"time"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/graph/auth"
	"imbridge/graph/model"
)

func (r *Resolver) createAdmin(ctx context.Context, in model.CreateAdminInput) (*ent.Admin, error) {
	if err := auth.ValidatePassword(in.Password); err != nil {
		return nil, badInput("input.password", err.Error())
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	// Usernames are stored in the form login looks them up in (lower case,
	// trimmed), so the unique index also refuses "Alice" beside "alice": two
	// such accounts would make every login of either ambiguous.
	c := r.db(ctx).Admin.Create().
		SetUsername(auth.NormalizeUsername(in.Username)).
		SetPasswordHash(hash).
		SetRole(in.Role).
		SetNillableDisplayName(in.DisplayName)
	v := viewer.FromContext(ctx)
	switch {
	case in.Role == admin.RoleSuperAdmin:
		if in.TenantID != nil {
			return nil, badInput("input.tenantID", "a super admin belongs to no tenant")
		}
	case in.TenantID != nil:
		if v.TenantID != 0 && *in.TenantID != v.TenantID {
			return nil, badInput("input.tenantID", "must be the tenant you act in")
		}
		if _, err := r.db(ctx).Tenant.Get(ctx, *in.TenantID); err != nil {
			return nil, badInput("input.tenantID", "no such tenant")
		}
		c.SetTenantID(*in.TenantID)
	case v.TenantID == 0:
		return nil, badInput("input.tenantID", "required: pick the tenant the admin belongs to")
	}
	return c.Save(ctx)
}

func (r *Resolver) updateAdmin(ctx context.Context, id int, in model.UpdateAdminInput) (*ent.Admin, error) {
	v := viewer.FromContext(ctx)
	u := r.db(ctx).Admin.UpdateOneID(id).SetNillableDisplayName(in.DisplayName)
	endSessions := false
	if in.Password != nil {
		if err := auth.ValidatePassword(*in.Password); err != nil {
			return nil, badInput("input.password", err.Error())
		}
		hash, err := auth.HashPassword(*in.Password)
		if err != nil {
			return nil, err
		}
		u.SetPasswordHash(hash)
		endSessions = true
	}
	if in.Role != nil {
		if v.ID == id && v.Kind == viewer.KindAdmin {
			return nil, withReason(CodeConflict, "self_role", "you cannot change your own role", nil)
		}
		u.SetRole(*in.Role)
		endSessions = true
	}
	if in.Disabled != nil {
		if *in.Disabled && v.ID == id && v.Kind == viewer.KindAdmin {
			return nil, withReason(CodeConflict, "self_disable", "you cannot disable your own account", nil)
		}
		u.SetDisabled(*in.Disabled)
		endSessions = endSessions || *in.Disabled
	}
	a, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	switch self := v.Kind == viewer.KindAdmin && v.ID == id; {
	case endSessions && self:
		// One's own password changed (role and disabling are refused above):
		// whoever else knew the old one is logged out; this session stays.
		if err := r.Auth.EndOtherSessions(ctx, id); err != nil {
			return nil, err
		}
	case endSessions:
		if err := r.Auth.EndSessions(ctx, id); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (r *Resolver) createAPIToken(ctx context.Context, in model.CreateAPITokenInput) (*model.CreateAPITokenPayload, error) {
	if len(in.Scopes) == 0 {
		return nil, badInputReason("input.scopes", "scope_required", "at least one scope is required")
	}
	scopes := make([]string, 0, len(in.Scopes))
	for i, s := range in.Scopes {
		sc, err := viewer.ParseTokenScope(s)
		if err != nil {
			return nil, badInputReason(fmt.Sprintf("input.scopes[%d]", i), "invalid_scope", err.Error())
		}
		scopes = append(scopes, string(sc))
	}
	if in.ExpiresAt != nil && in.ExpiresAt.Before(time.Now()) {
		return nil, badInput("input.expiresAt", "must be in the future")
	}
	secret, hash, prefix := auth.NewToken()
	c := r.db(ctx).APIToken.Create().
		SetName(strings.TrimSpace(in.Name)).
		SetTokenHash(hash).
		SetPrefix(prefix).
		SetScopes(scopes).
		SetNillableExpiresAt(in.ExpiresAt)
	if v := viewer.FromContext(ctx); v.Kind == viewer.KindAdmin {
		c.SetCreatedByID(v.ID)
	}
	t, err := c.Save(ctx)
	if err != nil {
		return nil, err
	}
	return &model.CreateAPITokenPayload{APIToken: t, Secret: secret}, nil
}

// deleteAPIToken revokes a token; the WebSockets opened with it are closed
// once the deletion commits.
func (r *Resolver) deleteAPIToken(ctx context.Context, id int) error {
	if err := r.db(ctx).APIToken.DeleteOneID(id).Exec(ctx); err != nil {
		return err
	}
	r.Auth.Changed(ctx, auth.Change{Token: id})
	return nil
}

// deleteTenant deletes a tenant that holds nothing; deleting a tenant with
// data is refused rather than cascading through a customer's directory.
func (r *Resolver) deleteTenant(ctx context.Context, id int) error {
	db := r.db(ctx)
	tctx := viewer.NewContext(ctx, viewer.FromContext(ctx).WithTenant(id))
	// In a fixed order, so the same tenant is always refused for the same
	// reason (a map's order changed the named kind from call to call).
	for _, c := range []struct {
		what  string
		count func() (int, error)
	}{
		{"admins", func() (int, error) { return db.Admin.Query().Count(tctx) }},
		{"tokens", func() (int, error) { return db.APIToken.Query().Count(tctx) }},
		{"corps", func() (int, error) { return db.Corp.Query().Count(tctx) }},
		{"users", func() (int, error) { return db.User.Query().Count(tctx) }},
	} {
		n, err := c.count()
		if err != nil {
			return err
		}
		if n > 0 {
			return withReason(CodeConflict, "tenant_not_empty", "the tenant still has "+c.what+"; delete them first", map[string]any{"what": c.what, "count": n})
		}
	}
	return db.Tenant.DeleteOneID(id).Exec(ctx)
}

// changePassword changes the viewer's own password after checking the
// current one. Console accounts only: a token has no password.
func (r *Resolver) changePassword(ctx context.Context, in model.ChangePasswordInput) (*ent.Admin, error) {
	v := viewer.FromContext(ctx)
	if v.Kind != viewer.KindAdmin || v.ID == 0 {
		return nil, withReason(CodeForbidden, "admins_only", "only a console account has a password to change", nil)
	}
	// Read as the system: a tenant admin's viewer cannot read a super
	// admin's own row through the tenant filter, and this is the viewer's
	// own account.
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	a, err := r.db(ctx).Admin.Get(sys, v.ID)
	if err != nil {
		return nil, err
	}
	ok, err := auth.CheckPassword(ctx, a.PasswordHash, in.CurrentPassword)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, badInputReason("input.currentPassword", "wrong_password", "the current password is wrong")
	}
	if err := auth.ValidatePassword(in.NewPassword); err != nil {
		return nil, badInputReason("input.newPassword", "weak_password", err.Error())
	}
	hash, err := auth.HashPassword(in.NewPassword)
	if err != nil {
		return nil, err
	}
	a, err = r.db(ctx).Admin.UpdateOneID(v.ID).SetPasswordHash(hash).Save(sys)
	if err != nil {
		return nil, err
	}
	if err := r.Auth.EndOtherSessions(ctx, v.ID); err != nil {
		return nil, err
	}
	return a, nil
}
