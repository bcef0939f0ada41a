package graph

import (
	"context"
	"errors"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/viewer"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
)

// checkBaseURL validates a corp's API base URL as the egress policy says
// (https, no userinfo, a public host after DNS resolution, unless the
// operator allows it) plus what the SDK needs: no query or fragment (it
// appends /open-apis/…). tenantID is the corp's tenant: the policy may
// allow one tenant more (the demo's simulators, appclient.Factory.Scoped).
func (r *Resolver) checkBaseURL(ctx context.Context, tenantID int, s *string) error {
	if s == nil || *s == "" {
		return nil
	}
	u, err := r.Platforms.PolicyFor(tenantID, *s).CheckURL(ctx, *s)
	var refused *egress.Error
	if errors.As(err, &refused) {
		return badInput("input.apiBaseURL", refused.Reason)
	}
	if err != nil {
		return err
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return badInput("input.apiBaseURL", "must not have a query or fragment: give the platform's root, such as https://open.feishu.cn")
	}
	return nil
}

func (r *Resolver) createCorp(ctx context.Context, in ent.CreateCorpInput) (*ent.Corp, error) {
	if err := r.checkBaseURL(ctx, viewer.FromContext(ctx).TenantID, in.APIBaseURL); err != nil {
		return nil, err
	}
	if err := checkWeComCorp(in.Platform, in.CorpID, false); err != nil {
		return nil, err
	}
	return r.db(ctx).Corp.Create().SetInput(in).Save(ctx)
}

// updateCorp changes a corp. When the effective base URL changes, the
// secrets of the corp's apps are cleared (with their verification): they
// were entered for the old host and must not be sent to the new one.
func (r *Resolver) updateCorp(ctx context.Context, id int, in ent.UpdateCorpInput) (*ent.Corp, error) {
	db := r.db(ctx)
	c, err := db.Corp.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := r.checkBaseURL(ctx, c.TenantID, in.APIBaseURL); err != nil {
		return nil, err
	}
	if in.CorpID != nil || in.ClearCorpID {
		if err := checkWeComCorp(c.Platform, in.CorpID, in.ClearCorpID); err != nil {
			return nil, err
		}
	}
	before := appclient.BaseURL(c)
	if c, err = db.Corp.UpdateOne(c).SetInput(in).Save(ctx); err != nil {
		return nil, err
	}
	if appclient.BaseURL(c) != before {
		u := db.App.Update().Where(app.CorpID(c.ID))
		clearSecrets(u.Mutation())
		if err := u.Exec(ctx); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// clearSecrets clears an app's secrets, where they were entered for, and
// the verification made with them.
func clearSecrets(m *ent.AppMutation) {
	m.ClearAppSecretSealed()
	m.ClearAppSecretHint()
	m.ClearEncryptKeySealed()
	m.ClearEncryptKeyHint()
	m.ClearVerificationTokenSealed()
	m.ClearVerificationTokenHint()
	m.ClearSecretsBaseURL()
	m.ClearVerification()
	m.ClearVerifiedAt()
	// The approval definition lived on the old host, and its callback keys
	// must not reach a new one: the next approval sync makes new ones.
	m.ClearApprovalCallbackTokenSealed()
	m.ClearApprovalCallbackKeySealed()
	m.ClearApprovalDefinitionCode()
}
