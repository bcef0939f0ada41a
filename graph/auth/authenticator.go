package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/apitoken"
	"imbridge/ent/privacy"
	entTenant "imbridge/ent/tenant"
	"imbridge/ent/viewer"
	"imbridge/worker/broker"
)

// CookieName is the console session cookie.
const CookieName = "imbridge_session"

// TenantHeader lets a super admin act inside one tenant.
const TenantHeader = "X-Imbridge-Tenant"

// ErrUnauthenticated is returned for missing, unknown, expired or revoked credentials.
var ErrUnauthenticated = errors.New("not authenticated")

// Authenticator turns requests into viewers.
type Authenticator struct {
	db       *ent.Client
	sessions sessions
	throttle throttle
	log      *slog.Logger
	// SecureCookie sets the Secure flag (when the public URL is https).
	SecureCookie bool
	// Now is the clock that token expiry is checked against (tests move it).
	Now func() time.Time
}

// New returns an Authenticator.
func New(db *ent.Client, b *broker.Broker, log *slog.Logger, secureCookie bool) *Authenticator {
	return &Authenticator{db: db, sessions: sessions{b}, throttle: throttle{b: b, name: "login"}, log: log, SecureCookie: secureCookie, Now: time.Now}
}

// allow is the context for reading credentials before there is a viewer.
func allow(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// Middleware puts the request's viewer (if any) and the credential it
// authenticated with into its context. It does not refuse anonymous
// requests: GraphQL refuses them per field, with the UNAUTHENTICATED code,
// and the login endpoints need none.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := RequestCredential(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		v, err := a.Authenticate(r.Context(), c)
		var unknown *UnknownTenantError
		if errors.As(err, &unknown) {
			unknown.Write(w)
			return
		}
		if err != nil && !errors.Is(err, ErrUnauthenticated) {
			a.log.Error("authenticating request", "err", err)
		}
		if v != nil {
			r = r.WithContext(WithCredential(viewer.NewContext(r.Context(), v), c))
		}
		next.ServeHTTP(w, r)
	})
}

// Authenticate checks a credential and returns its viewer: ErrUnauthenticated
// when the session or token is unknown, expired, revoked or its admin is
// disabled. It records use: a session's expiry slides, a token's last use is
// noted (at most once a minute). A super admin's pick of a tenant that does
// not exist is an *UnknownTenantError.
func (a *Authenticator) Authenticate(ctx context.Context, c Credential) (*viewer.Viewer, error) {
	if c.token != "" {
		t, err := a.token(ctx, c.token)
		if err != nil {
			return nil, err
		}
		// Recording every use would write on every request; once a minute is
		// enough to tell whether a token is still in use.
		if now := a.Now(); t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
			if err := a.db.APIToken.UpdateOneID(t.ID).SetLastUsedAt(now).Exec(allow(ctx)); err != nil {
				a.log.Warn("recording token use", "token", t.Prefix, "err", err)
			}
		}
		return tokenViewer(t, c.ip), nil
	}
	adminID, err := a.sessions.get(ctx, c.session)
	if err != nil {
		return nil, fmt.Errorf("reading session: %w", err)
	}
	return a.sessionViewer(ctx, adminID, c)
}

// token loads an API token by its hash; ErrUnauthenticated when there is no
// such token or it has expired.
func (a *Authenticator) token(ctx context.Context, hash string) (*ent.APIToken, error) {
	t, err := a.db.APIToken.Query().Where(apitoken.TokenHash(hash)).Only(allow(ctx))
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("looking up token: %w", err)
	}
	if t.ExpiresAt != nil && !a.Now().Before(*t.ExpiresAt) {
		return nil, ErrUnauthenticated
	}
	return t, nil
}

func tokenViewer(t *ent.APIToken, ip string) *viewer.Viewer {
	scopes := make([]viewer.Scope, 0, len(t.Scopes))
	for _, s := range t.Scopes {
		scopes = append(scopes, viewer.Scope(s))
	}
	return &viewer.Viewer{Kind: viewer.KindToken, ID: t.ID, Name: t.Name, TenantID: t.TenantID, Scopes: scopes, IP: ip}
}

// sessionViewer is the viewer of a session's admin (0: no session), acting
// in the tenant a super admin picked; ErrUnauthenticated when the admin is
// gone or disabled.
func (a *Authenticator) sessionViewer(ctx context.Context, adminID int, c Credential) (*viewer.Viewer, error) {
	if adminID == 0 {
		return nil, ErrUnauthenticated
	}
	ad, err := a.db.Admin.Query().Where(admin.ID(adminID), admin.Disabled(false)).Only(allow(ctx))
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("loading admin: %w", err)
	}
	v := &viewer.Viewer{Kind: viewer.KindAdmin, ID: ad.ID, Name: ad.Username, Role: viewer.Role(ad.Role), TenantID: ad.TenantID, Scopes: viewer.RoleScopes(viewer.Role(ad.Role)), IP: c.ip}
	if c.badTenant != "" && v.IsSuperAdmin() {
		return nil, &UnknownTenantError{Value: c.badTenant}
	}
	return a.PickTenant(ctx, v, c.tenant)
}

// PickTenant returns the viewer acting in the tenant a super admin picked
// (the X-Imbridge-Tenant header, or the WebSocket's connection parameters).
// Everyone else stays in their own tenant. A super admin's pick that names
// no tenant (not a positive number, or no tenant has that id) is an
// *UnknownTenantError: with no pick a super admin acts across all tenants,
// so a typo must not quietly become that.
func (a *Authenticator) PickTenant(ctx context.Context, v *viewer.Viewer, tenant string) (*viewer.Viewer, error) {
	if !v.IsSuperAdmin() || tenant == "" {
		return v, nil
	}
	tid, err := strconv.Atoi(tenant)
	if err != nil || tid <= 0 {
		return nil, &UnknownTenantError{Value: tenant}
	}
	ok, err := a.db.Tenant.Query().Where(entTenant.ID(tid)).Exist(allow(ctx))
	if err != nil {
		return nil, fmt.Errorf("looking up the picked tenant: %w", err)
	}
	if !ok {
		return nil, &UnknownTenantError{Value: tenant}
	}
	return v.WithTenant(tid), nil
}

// ClientIP is the request's client address. X-Forwarded-For is not trusted:
// a client could forge it to escape login throttling.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
