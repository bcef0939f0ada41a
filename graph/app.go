package graph

import (
	"context"
	"net/url"
	"strings"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/seal"
	"imbridge/graph/model"
	"imbridge/platform/appclient"
)

// appSecrets are an app's sealed columns with their input values.
type appSecrets struct{ secret, encryptKey, verificationToken *string }

func (r *Resolver) createApp(ctx context.Context, in model.CreateAppInput) (*ent.App, error) {
	if err := validateHomepage(in.HomepageMode, in.HomepageURL); err != nil {
		return nil, err
	}
	db := r.db(ctx)
	c, err := db.Corp.Get(ctx, in.CorpID)
	if err != nil {
		return nil, err
	}
	if err := checkWeComApp(c, &in.AppID, in.EncryptKey); err != nil {
		return nil, err
	}
	cr := db.App.Create().
		SetCorpID(in.CorpID).
		SetName(strings.TrimSpace(in.Name)).
		SetAppID(strings.TrimSpace(in.AppID)).
		SetNillableHomepageMode(in.HomepageMode).
		SetNillableHomepageModule(in.HomepageModule).
		SetNillableHomepageURL(in.HomepageURL)
	r.applySecrets(cr.Mutation(), appSecrets{in.AppSecret, in.EncryptKey, in.VerificationToken}, appclient.BaseURL(c))
	return cr.Save(ctx)
}

// updateApp changes an app. A new App ID clears the stored secrets (and
// the verification made with them): they belong to the old app. Secrets
// given are stored for the corp's current base URL; any stored ones entered
// for another URL (before the bridge recorded where) are cleared then, so
// that a new secret does not vouch for old ones.
func (r *Resolver) updateApp(ctx context.Context, id int, in model.UpdateAppInput) (*ent.App, error) {
	if err := validateHomepage(in.HomepageMode, in.HomepageURL); err != nil {
		return nil, err
	}
	db := r.db(ctx)
	a, err := db.App.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := db.Corp.Get(ctx, a.CorpID)
	if err != nil {
		return nil, err
	}
	if err := checkWeComApp(c, in.AppID, in.EncryptKey); err != nil {
		return nil, err
	}
	base := appclient.BaseURL(c)
	u := db.App.UpdateOne(a).
		SetNillableHomepageMode(in.HomepageMode).
		SetNillableHomepageModule(in.HomepageModule).
		SetNillableHomepageURL(in.HomepageURL)
	if in.Name != nil {
		u.SetName(strings.TrimSpace(*in.Name))
	}
	newID := in.AppID != nil && strings.TrimSpace(*in.AppID) != a.AppID
	if newID {
		u.SetAppID(strings.TrimSpace(*in.AppID))
	}
	given := appSecrets{in.AppSecret, in.EncryptKey, in.VerificationToken}
	if newID || given.any() && hasSecrets(a) && a.SecretsBaseURL != base {
		clearSecrets(u.Mutation())
	}
	r.applySecrets(u.Mutation(), given, base)
	return u.Save(ctx)
}

// any says whether a secret is given a value.
func (s appSecrets) any() bool {
	for _, v := range []*string{s.secret, s.encryptKey, s.verificationToken} {
		if v != nil && *v != "" {
			return true
		}
	}
	return false
}

func hasSecrets(a *ent.App) bool {
	return len(a.AppSecretSealed) > 0 || len(a.EncryptKeySealed) > 0 || len(a.VerificationTokenSealed) > 0
}

// applySecrets seals the secrets given: a value replaces the stored one, an
// empty string clears it, nil keeps it. A value given is recorded as
// entered for base, the corp's base URL (appclient.BaseURL).
func (r *Resolver) applySecrets(m *ent.AppMutation, s appSecrets, base string) {
	apply := func(v *string, column string, set func([]byte), hint func(string), clear, reset func()) {
		if v == nil {
			return
		}
		if *v == "" {
			clear()
			return
		}
		// Reset first: a clear earlier in this mutation (clearSecrets) and a
		// set of the same column would both reach the UPDATE, which
		// PostgreSQL refuses ("multiple assignments to same column").
		reset()
		m.ResetSecretsBaseURL()
		set(r.Sealer.Seal(column, *v))
		hint(seal.Hint(*v))
		m.SetSecretsBaseURL(base)
	}
	apply(s.secret, app.FieldAppSecretSealed, m.SetAppSecretSealed, m.SetAppSecretHint,
		func() { m.ClearAppSecretSealed(); m.ClearAppSecretHint() },
		func() { m.ResetAppSecretSealed(); m.ResetAppSecretHint() })
	apply(s.encryptKey, app.FieldEncryptKeySealed, m.SetEncryptKeySealed, m.SetEncryptKeyHint,
		func() { m.ClearEncryptKeySealed(); m.ClearEncryptKeyHint() },
		func() { m.ResetEncryptKeySealed(); m.ResetEncryptKeyHint() })
	apply(s.verificationToken, app.FieldVerificationTokenSealed, m.SetVerificationTokenSealed, m.SetVerificationTokenHint,
		func() { m.ClearVerificationTokenSealed(); m.ClearVerificationTokenHint() },
		func() { m.ResetVerificationTokenSealed(); m.ResetVerificationTokenHint() })
}

func validateHomepage(mode *app.HomepageMode, homepage *string) error {
	if homepage != nil && *homepage != "" && !validURL(*homepage) {
		return badInput("input.homepageURL", "must be an absolute http(s) URL")
	}
	if mode != nil && *mode == app.HomepageModeCustom && (homepage == nil || *homepage == "") {
		return badInput("input.homepageURL", "required when homepageMode is CUSTOM")
	}
	return nil
}

// validURL reports whether s parses as an absolute URL of scheme http(s).
func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
