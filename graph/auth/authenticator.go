package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
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
}

// New returns an Authenticator.
func New(db *ent.Client, b *broker.Broker, log *slog.Logger, secureCookie bool) *Authenticator {
	return &Authenticator{db: db, sessions: sessions{b}, throttle: throttle{b}, log: log, SecureCookie: secureCookie}
}

// allow is the context for reading credentials before there is a viewer.
func allow(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// Middleware puts the request's viewer (if any) into its context. It does not
// refuse anonymous requests: GraphQL refuses them per field, with the
// UNAUTHENTICATED code, and the login endpoints need none.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := a.FromRequest(r)
		if err != nil && !errors.Is(err, ErrUnauthenticated) {
			a.log.Error("authenticating request", "err", err)
		}
		if v != nil {
			r = r.WithContext(viewer.NewContext(r.Context(), v))
		}
		next.ServeHTTP(w, r)
	})
}

// FromRequest authenticates a request by its Bearer token or session cookie.
func (a *Authenticator) FromRequest(r *http.Request) (*viewer.Viewer, error) {
	ip := ClientIP(r)
	if h := r.Header.Get("Authorization"); h != "" {
		return a.FromAuthorization(r.Context(), h, ip)
	}
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" {
		return nil, ErrUnauthenticated
	}
	return a.fromSession(r.Context(), c.Value, r.Header.Get(TenantHeader), ip)
}

// FromAuthorization authenticates an `Authorization: Bearer …` value (also
// used for WebSocket connection parameters).
func (a *Authenticator) FromAuthorization(ctx context.Context, h, ip string) (*viewer.Viewer, error) {
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		return nil, ErrUnauthenticated
	}
	t, err := a.db.APIToken.Query().Where(apitoken.TokenHash(HashToken(strings.TrimSpace(tok)))).Only(allow(ctx))
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("looking up token: %w", err)
	}
	now := time.Now()
	if t.ExpiresAt != nil && now.After(*t.ExpiresAt) {
		return nil, ErrUnauthenticated
	}
	// Recording every use would write on every request; once a minute is
	// enough to tell whether a token is still in use.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		if err := a.db.APIToken.UpdateOneID(t.ID).SetLastUsedAt(now).Exec(allow(ctx)); err != nil {
			a.log.Warn("recording token use", "token", t.Prefix, "err", err)
		}
	}
	scopes := make([]viewer.Scope, 0, len(t.Scopes))
	for _, s := range t.Scopes {
		scopes = append(scopes, viewer.Scope(s))
	}
	return &viewer.Viewer{Kind: viewer.KindToken, ID: t.ID, Name: t.Name, TenantID: t.TenantID, Scopes: scopes, IP: ip}, nil
}

// FromSession authenticates a session id (the cookie), acting in the tenant
// a super admin picked.
func (a *Authenticator) fromSession(ctx context.Context, id, tenant, ip string) (*viewer.Viewer, error) {
	adminID, err := a.sessions.get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("reading session: %w", err)
	}
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
	return a.adminViewer(ctx, ad, tenant, ip), nil
}

func (a *Authenticator) adminViewer(ctx context.Context, ad *ent.Admin, tenant, ip string) *viewer.Viewer {
	v := &viewer.Viewer{Kind: viewer.KindAdmin, ID: ad.ID, Name: ad.Username, Role: viewer.Role(ad.Role), TenantID: ad.TenantID, Scopes: viewer.RoleScopes(viewer.Role(ad.Role)), IP: ip}
	return a.PickTenant(ctx, v, tenant)
}

// PickTenant returns the viewer acting in the tenant a super admin picked
// (the X-Imbridge-Tenant header, or the WebSocket's connection parameters).
// Everyone else stays in their own tenant, and an unknown tenant is ignored.
func (a *Authenticator) PickTenant(ctx context.Context, v *viewer.Viewer, tenant string) *viewer.Viewer {
	if !v.IsSuperAdmin() || tenant == "" {
		return v
	}
	tid, err := strconv.Atoi(tenant)
	if err != nil || tid <= 0 {
		return v
	}
	if ok, _ := a.db.Tenant.Query().Where(entTenant.ID(tid)).Exist(allow(ctx)); ok {
		return v.WithTenant(tid)
	}
	return v
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
