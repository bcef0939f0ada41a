// Package sso is QR-code login (扫码登录, seed 003 §5): people scan the OA
// login page's QR code with the IM app and are logged into the OA as the
// OA account bound to them; admins sign into the console the same way.
//
// The flow (docs/qr-login.md): GET /sso/{corp}/start?return_to=… checks
// return_to against the corp's allowed origins (exactly), binds a random
// state to the browser with a cookie and sends it to the platform's
// authorize page (platform.OAuth); GET /sso/feishu/callback takes the state
// back once, exchanges the code for who the person is, finds them in the
// mirrored IM directory, follows their binding to the OA user and appends
// a single-use ticket (random, stored hashed, at most 60 s) to return_to.
// The OA redeems it through GraphQL (redeemLoginTicket, scope login:redeem).
// A person found in several corps (tenants) chooses one; one who is not
// bound may bind on the spot where the corp allows it. Every refusal is a
// page that says why, in Chinese and English, never a 500.
//
// One concept per file: service.go (this), settings.go (the console's
// settings and their rules), origin.go (return_to), state.go (flow state
// and the browser cookie), flow.go (start and callback), person.go (from
// an identity to the OA user), ticket.go, bind.go (binding at login),
// console.go (console sign-in, admins' Feishu bindings), snippet.go (the
// QR snippet for OA pages), page.go (the pages), metrics.go.
package sso

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"imbridge/ent"
	"imbridge/ent/corp"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/graph/auth"
	"imbridge/platform"
	"imbridge/platform/appclient"
	"imbridge/worker/broker"
	"imbridge/worker/webhook"
)

// Service runs the login flows.
type Service struct {
	DB     *ent.Client
	Broker *broker.Broker
	// Platforms opens apps' credentials for their OAuth (egress-checked,
	// rate-limited like every platform call).
	Platforms *appclient.Factory
	// Webhooks makes the signed password check call to the OA.
	Webhooks *webhook.Sender
	// Auth starts console sessions.
	Auth *auth.Authenticator
	// PublicURL is how browsers and the platform reach the bridge; the
	// callback URL is built from it.
	PublicURL string
	Logger    *slog.Logger
	// Now is the clock of tickets and flows (tests move it).
	Now func() time.Time
	// OAuth overrides how an app's platform.OAuth is built (tests).
	OAuth func(a *ent.App, c *ent.Corp) (platform.OAuth, error)

	throttle *auth.Throttle
}

// New returns a Service.
func New(s Service) *Service {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	s.PublicURL = strings.TrimRight(s.PublicURL, "/")
	s.throttle = auth.NewThrottle(s.Broker, "sso-bind")
	return &s
}

// Routes mounts the flows under /sso/. The mux must run the request
// through the authenticator's middleware (binding an admin's Feishu
// account needs the admin's session).
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /sso/{corp}/start", s.start)
	mux.HandleFunc("GET /sso/feishu/callback", s.callback)
	mux.HandleFunc("GET /sso/wecom/callback", s.callback)
	mux.HandleFunc("GET /sso/feishu/{app}/home", s.home)
	mux.HandleFunc("POST /sso/pick", s.pick)
	mux.HandleFunc("POST /sso/bind", s.bind)
	mux.HandleFunc("GET /sso/{corp}/qr.js", s.snippet)
	mux.HandleFunc("GET /sso/{corp}/embed", s.embed)
	mux.HandleFunc("GET /sso/console/providers", s.providers)
	mux.HandleFunc("GET /sso/console/start", s.consoleStart)
	mux.HandleFunc("GET /sso/console/bind", s.consoleBind)
}

// CallbackURL is the redirect URL of a platform's apps: what an admin adds
// to the app's redirect URLs (飞书开发者后台 › 安全设置 › 重定向 URL; seed 001
// step 15).
func (s *Service) CallbackURL(p corp.Platform) string {
	return s.PublicURL + "/sso/" + string(p) + "/callback"
}

// StartURL is where an OA page sends a browser to log in through a corp.
func (s *Service) StartURL(corpID int) string {
	return s.PublicURL + "/sso/" + itoa(corpID) + "/start"
}

// system is the context of the flow's own reads and writes: before there
// is a viewer, across tenants (a person may be in several), then narrowed
// to the chosen tenant for what it writes.
func system(ctx context.Context, tenantID int) context.Context {
	ctx = viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "sso", TenantID: tenantID})
	if tenantID == 0 {
		ctx = privacy.DecisionContext(ctx, privacy.Allow)
	}
	return ctx
}

// oauth is the platform login of an app.
func (s *Service) oauth(a *ent.App, c *ent.Corp) (platform.OAuth, error) {
	if s.OAuth != nil {
		return s.OAuth(a, c)
	}
	switch c.Platform {
	case corp.PlatformFeishu:
		return s.Platforms.Feishu(a, c)
	case corp.PlatformWecom:
		// 企业微信Web登录: the app's login page and auth/getuserinfo
		// (platform/wecom/oauth.go); the callback's domain must be the
		// app's 可信域名.
		return s.Platforms.WeCom(a, c)
	}
	return nil, errPlatform
}
