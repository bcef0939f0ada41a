package sso

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/binding"
	"imbridge/ent/loginsetting"
	"imbridge/ent/predicate"
	"imbridge/ent/user"
	"imbridge/platform"
	"imbridge/platform/appclient"
)

// candidates are the corps where the person who logged in through the
// flow's app may log in: corps with login on that use the same platform
// app (same app id, same API base URL), whose allowed origins contain
// return_to's exactly, and whose mirrored directory has the person (of
// the corp's own enterprise, when the corp records its tenant key). In
// most installations that is the flow's corp alone; a group whose tenants
// share one Feishu app gets a choice (the seed's tenant and corp picker).
func (s *Service) candidates(ctx context.Context, flowApp *ent.App, flowCorp *ent.Corp, id platform.Identity, returnTo string) ([]candidateRef, error) {
	all := system(ctx, 0)
	settings, err := s.DB.LoginSetting.Query().
		Where(loginsetting.Enabled(true), loginsetting.HasAppWith(app.AppID(flowApp.AppID))).
		WithCorp().WithApp().All(all)
	if err != nil {
		return nil, err
	}
	var out []candidateRef
	for _, st := range settings {
		c, a := st.Edges.Corp, st.Edges.App
		if c == nil || a == nil || c.Platform != flowCorp.Platform || appclient.BaseURL(c) != appclient.BaseURL(flowCorp) {
			continue
		}
		if _, ok := allowedReturn(returnTo, st.AllowedOrigins); !ok {
			continue
		}
		if c.CorpID != "" && id.TenantKey != "" && c.CorpID != id.TenantKey {
			continue
		}
		im, err := findIMUser(ctx, s.DB, st.TenantID, c.ID, id)
		if err != nil {
			return nil, err
		}
		if im != nil {
			out = append(out, candidateRef{TenantID: st.TenantID, CorpID: c.ID, IMUserID: im.ID})
		}
	}
	return out, nil
}

// findIMUser finds the person in a corp's mirror: by user_id (what the
// mirror keys on), else union_id, else open_id; nil when absent.
func findIMUser(ctx context.Context, db *ent.Client, tenantID, corpID int, id platform.Identity) (*ent.User, error) {
	var by predicate.User
	switch {
	case id.UserID != "":
		by = user.ExternalID(id.UserID)
	case id.UnionID != "":
		by = user.UnionID(id.UnionID)
	case id.OpenID != "":
		by = user.OpenID(id.OpenID)
	default:
		return nil, nil
	}
	u, err := db.User.Query().Where(user.CorpID(corpID), by, user.RemovedAtIsNil()).First(system(ctx, tenantID))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return u, err
}

// boundOA is the OA user bound to an IM user, or nil.
func boundOA(ctx context.Context, db *ent.Client, im *ent.User) (*ent.User, error) {
	b, err := db.Binding.Query().Where(binding.ImUserID(im.ID), binding.KindEQ(binding.KindUser)).WithOaUser().First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return b.Edges.OaUser, nil
}

// autoBindMatch is the one OA user whose auto-bind field equals the IM
// user's, active and not bound in the corp yet; nil when none or several.
func autoBindMatch(ctx context.Context, db *ent.Client, field string, corpID int, im *ent.User) (*ent.User, error) {
	var by predicate.User
	switch field {
	case "mobile":
		if im.Mobile != "" {
			by = user.Mobile(im.Mobile)
		}
	case "email":
		if im.Email != "" {
			by = user.EmailEqualFold(im.Email)
		}
	case "employee_no":
		if im.EmployeeNo != "" {
			by = user.EmployeeNo(im.EmployeeNo)
		}
	}
	if by == nil {
		return nil, nil
	}
	found, err := db.User.Query().Where(user.CorpIDIsNil(), by, user.RemovedAtIsNil(), user.StatusEQ(user.StatusActive),
		user.Not(user.HasOaBindingsWith(binding.CorpID(corpID)))).Limit(2).All(ctx)
	if err != nil || len(found) != 1 {
		return nil, err
	}
	return found[0], nil
}

// usable says whether a directory row may log in: active and still there.
func usable(u *ent.User) bool {
	return u != nil && u.Status == user.StatusActive && u.RemovedAt == nil
}
