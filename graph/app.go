package graph

import (
	"context"
	"net/url"
	"strings"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/seal"
	"imbridge/graph/model"
)

// validateBaseURL checks a corp's API base URL: absolute http(s), no path
// query or fragment (the SDK appends /open-apis/…).
func validateBaseURL(s *string) error {
	if s == nil || *s == "" {
		return nil
	}
	u, err := url.Parse(*s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return badInput("input.apiBaseURL", "must be an absolute http(s) URL such as https://open.feishu.cn")
	}
	return nil
}

// appSecrets are an app's sealed columns with their input values.
type appSecrets struct{ secret, encryptKey, verificationToken *string }

func (r *Resolver) createApp(ctx context.Context, in model.CreateAppInput) (*ent.App, error) {
	if err := validateHomepage(in.HomepageMode, in.HomepageURL); err != nil {
		return nil, err
	}
	c := r.db(ctx).App.Create().
		SetCorpID(in.CorpID).
		SetName(strings.TrimSpace(in.Name)).
		SetAppID(strings.TrimSpace(in.AppID)).
		SetNillableHomepageMode(in.HomepageMode).
		SetNillableHomepageModule(in.HomepageModule).
		SetNillableHomepageURL(in.HomepageURL)
	r.applySecrets(c.Mutation(), appSecrets{in.AppSecret, in.EncryptKey, in.VerificationToken})
	return c.Save(ctx)
}

func (r *Resolver) updateApp(ctx context.Context, id int, in model.UpdateAppInput) (*ent.App, error) {
	if err := validateHomepage(in.HomepageMode, in.HomepageURL); err != nil {
		return nil, err
	}
	u := r.db(ctx).App.UpdateOneID(id).
		SetNillableHomepageMode(in.HomepageMode).
		SetNillableHomepageModule(in.HomepageModule).
		SetNillableHomepageURL(in.HomepageURL)
	if in.Name != nil {
		u.SetName(strings.TrimSpace(*in.Name))
	}
	if in.AppID != nil {
		u.SetAppID(strings.TrimSpace(*in.AppID))
	}
	r.applySecrets(u.Mutation(), appSecrets{in.AppSecret, in.EncryptKey, in.VerificationToken})
	return u.Save(ctx)
}

// applySecrets seals the secrets given: a value replaces the stored one, an
// empty string clears it, nil keeps it.
func (r *Resolver) applySecrets(m *ent.AppMutation, s appSecrets) {
	apply := func(v *string, column string, set func([]byte), hint func(string), clear func()) {
		if v == nil {
			return
		}
		if *v == "" {
			clear()
			return
		}
		set(r.Sealer.Seal(column, *v))
		hint(seal.Hint(*v))
	}
	apply(s.secret, app.FieldAppSecretSealed, m.SetAppSecretSealed, m.SetAppSecretHint, func() { m.ClearAppSecretSealed(); m.ClearAppSecretHint() })
	apply(s.encryptKey, app.FieldEncryptKeySealed, m.SetEncryptKeySealed, m.SetEncryptKeyHint, func() { m.ClearEncryptKeySealed(); m.ClearEncryptKeyHint() })
	apply(s.verificationToken, app.FieldVerificationTokenSealed, m.SetVerificationTokenSealed, m.SetVerificationTokenHint, func() { m.ClearVerificationTokenSealed(); m.ClearVerificationTokenHint() })
}

func validateHomepage(mode *app.HomepageMode, homepage *string) error {
	if homepage != nil && *homepage != "" {
		u, err := url.Parse(*homepage)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return badInput("input.homepageURL", "must be an absolute http(s) URL")
		}
	}
	if mode != nil && *mode == app.HomepageModeCustom && (homepage == nil || *homepage == "") {
		return badInput("input.homepageURL", "required when homepageMode is CUSTOM")
	}
	return nil
}
