package graph

import (
	"context"
	"errors"
	"html"

	"imbridge/ent"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/graph/model"
	"imbridge/graph/sso"
)

// loginInput turns the GraphQL input into the engine's.
func loginInput(in model.UpdateLoginSettingInput) sso.SettingsInput {
	return sso.SettingsInput{
		Enabled: in.Enabled, AppID: in.AppID, ClearApp: in.ClearApp != nil && *in.ClearApp,
		AllowedOrigins: in.AllowedOrigins, BindOnFirstLogin: in.BindOnFirstLogin, AutoBindField: in.AutoBindField,
		PasswordCheckEndpointID: in.PasswordCheckEndpointID, ClearPasswordCheckEndpoint: in.ClearPasswordCheckEndpoint != nil && *in.ClearPasswordCheckEndpoint,
		TicketTTLSeconds: in.TicketTTLSeconds, ConsoleSignIn: in.ConsoleSignIn,
	}
}

// loginAutoBindField is the auto-bind field login uses: the corp's sync
// profile's (one setting, seed 003 §4.2.4 (2)).
func (r *Resolver) loginAutoBindField(ctx context.Context, st *ent.LoginSetting) (string, error) {
	return sso.AutoBindField(ctx, r.db(ctx), st.CorpID)
}

func (r *Resolver) updateLoginSetting(ctx context.Context, corpID int, in model.UpdateLoginSettingInput) (*ent.LoginSetting, error) {
	st, err := sso.UpdateSettings(ctx, r.db(ctx), corpID, loginInput(in))
	var fe *sso.FieldError
	if errors.As(err, &fe) {
		return nil, badInput(fe.Field, fe.Message)
	}
	return st, err
}

func (r *Resolver) redeemLoginTicket(ctx context.Context, ticket string) (*model.LoginTicketRedemption, error) {
	if r.SSO == nil {
		return nil, errors.New("QR-code login is not served by this process")
	}
	red, err := r.SSO.Redeem(ctx, r.db(ctx), ticket)
	if errors.Is(err, sso.ErrTicket) {
		return nil, notFound("ticket: " + sso.ErrTicket.Error())
	}
	if err != nil {
		return nil, err
	}
	c, err := r.db(ctx).Corp.Get(ctx, red.CorpID)
	if err != nil {
		return nil, err
	}
	u := red.OAUser
	return &model.LoginTicketRedemption{
		OaUserID: u.ExternalID, User: u, Name: u.Name, Mobile: nonEmpty(u.Mobile), Email: nonEmpty(u.Email),
		EmployeeNo: nonEmpty(u.EmployeeNo), Title: nonEmpty(u.Title), ImUser: red.IMUser, Corp: c,
	}, nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// unbindMyIM clears the signed-in admin's link to an IM person (Feishu
// or WeCom).
func (r *Resolver) unbindMyIM(ctx context.Context) (*ent.Admin, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.Kind != viewer.KindAdmin {
		return nil, forbidden("only a console admin has an IM account link of their own")
	}
	// Written as the system, as changePassword does: a super admin working
	// in a tenant (X-Imbridge-Tenant) cannot reach their own tenant-less
	// row through the tenant filter, and this is the viewer's own account.
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	return r.db(ctx).Admin.UpdateOneID(v.ID).ClearImCorpID().ClearImUserID().ClearImUnionID().ClearImName().Save(sys)
}

// ssoURLs are the URLs a login setting shows; without a login service
// (a process that does not serve /sso) they are built from the public URL.
func (r *Resolver) ssoService() *sso.Service {
	if r.SSO != nil {
		return r.SSO
	}
	return sso.New(sso.Service{PublicURL: r.PublicURL, Broker: r.Broker})
}

func (r *Resolver) loginRedirectURL(ctx context.Context, st *ent.LoginSetting) (string, error) {
	c, err := st.Corp(ctx)
	if err != nil {
		return "", err
	}
	return r.ssoService().CallbackURL(c.Platform), nil
}

func (r *Resolver) loginSnippet(st *ent.LoginSetting) string {
	src := html.EscapeString(r.ssoService().StartURL(st.CorpID))
	src = src[:len(src)-len("/start")] + "/qr.js"
	return `<script src="` + src + `" data-return-to="https://oa.example.com/sso/done" async></script>`
}
