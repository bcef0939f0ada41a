package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"imbridge/ent/viewer"
)

// ErrNoLongerAllowed is returned by Revalidate when the credential still
// works but no longer grants what it granted when the connection was opened
// (another role or scopes, or the picked tenant is gone).
var ErrNoLongerAllowed = errors.New("credentials no longer grant this access")

// Credential is what a request or WebSocket authenticated with, kept so that
// a long-lived connection can be checked again: a console session or an API
// token (only the hash of either, never the secret), the tenant a super
// admin picked, and the client's address. The zero Credential is none.
type Credential struct {
	session string // hash of the session id
	token   string // hash of the API token
	tenant  string
	// badTenant is a pick that names no tenant by its form (a header sent
	// empty or twice, a connection parameter that is no string), as sent.
	badTenant string
	ip        string
}

// RequestCredential is the credential a request carries: its
// `Authorization: Bearer …` header, else its session cookie (with the
// X-Imbridge-Tenant header). ok is false when it carries none.
func RequestCredential(r *http.Request) (c Credential, ok bool) {
	ip := ClientIP(r)
	if h := r.Header.Get("Authorization"); h != "" {
		return BearerCredential(h, ip)
	}
	ck, err := r.Cookie(CookieName)
	if err != nil || ck.Value == "" {
		return Credential{}, false
	}
	c = Credential{session: HashToken(ck.Value), ip: ip}
	switch vs := r.Header.Values(TenantHeader); {
	case len(vs) == 1 && vs[0] != "":
		c.tenant = vs[0]
	case len(vs) > 0:
		// Sent empty, or more than once: which tenant is meant cannot be told.
		c.badTenant = strings.Join(vs, ", ")
		if c.badTenant == "" {
			c.badTenant = `""`
		}
	}
	return c, true
}

// BearerCredential is the credential of an `Authorization: Bearer …` value
// (a header, or a WebSocket's connection parameters).
func BearerCredential(h, ip string) (c Credential, ok bool) {
	tok, ok := strings.CutPrefix(h, "Bearer ")
	tok = strings.TrimSpace(tok)
	if !ok || tok == "" {
		return Credential{}, false
	}
	return Credential{token: HashToken(tok), ip: ip}, true
}

// WithTenant returns the credential acting in the tenant a super admin picked
// (a tenant id); "" keeps the current pick.
func (c Credential) WithTenant(tenant string) Credential {
	if tenant != "" {
		c.tenant = tenant
	}
	return c
}

// WithTenantParam returns the credential acting in the tenant a WebSocket's
// connection parameters pick (their `tenant`): absent keeps the current
// pick; a value that is not a non-empty string is a pick that names no
// tenant (an *UnknownTenantError for a super admin), never "no pick".
func (c Credential) WithTenantParam(v any, present bool) Credential {
	if !present {
		return c
	}
	if s, ok := v.(string); ok && s != "" {
		c.tenant, c.badTenant = s, ""
		return c
	}
	b, _ := json.Marshal(v)
	c.badTenant = string(b)
	return c
}

// isSession reports whether the credential is the console session whose id
// hashes to sessionHash.
func (c Credential) isSession(sessionHash string) bool {
	return c.session != "" && c.session == sessionHash
}

type credentialKey struct{}

// WithCredential returns a context carrying the credential its viewer
// authenticated with.
func WithCredential(ctx context.Context, c Credential) context.Context {
	return context.WithValue(ctx, credentialKey{}, c)
}

// CredentialFromContext returns the credential of the context's viewer.
func CredentialFromContext(ctx context.Context) (Credential, bool) {
	c, ok := ctx.Value(credentialKey{}).(Credential)
	return c, ok
}

// Revalidate checks now a credential that authenticated viewer was, without
// recording use (a session does not slide): ErrUnauthenticated when the
// session or token has ended (logout, password change, admin disabled or
// deleted, token revoked or expired), ErrNoLongerAllowed when it grants
// something else than was (another role, scopes or tenant, or the picked
// tenant is gone), another error
// when Redis or the database cannot say.
func (a *Authenticator) Revalidate(ctx context.Context, c Credential, was *viewer.Viewer) error {
	var now *viewer.Viewer
	if c.token != "" {
		t, err := a.token(ctx, c.token)
		if err != nil {
			return err
		}
		now = tokenViewer(t, c.ip)
	} else {
		adminID, err := a.sessions.peek(ctx, c.session)
		if err != nil {
			return err
		}
		if now, err = a.sessionViewer(ctx, adminID, c); err != nil {
			// The picked tenant was deleted since: the socket's reach changed.
			var unknown *UnknownTenantError
			if errors.As(err, &unknown) {
				return ErrNoLongerAllowed
			}
			return err
		}
	}
	if !sameAccess(now, was) {
		return ErrNoLongerAllowed
	}
	return nil
}

// sameAccess reports whether two viewers are the same principal with the same
// permissions in the same tenant.
func sameAccess(a, b *viewer.Viewer) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.ID != b.ID || a.Role != b.Role || a.TenantID != b.TenantID || len(a.Scopes) != len(b.Scopes) {
		return false
	}
	for _, s := range a.Scopes {
		if !slices.Contains(b.Scopes, s) {
			return false
		}
	}
	return true
}
