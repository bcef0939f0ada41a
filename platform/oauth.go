package platform

import "context"

// OAuth is an IM platform's web login for one app (OAuth 2 authorization
// code, RFC 6749 §4.1): the page a browser is sent to (a QR code on a
// desktop, silent inside the IM client), and the exchange of the code it
// brings back for who the person is. The login engine (graph/sso) sees a
// platform only through it.
type OAuth interface {
	// AuthorizeURL is the platform's authorize page for this app: after
	// the person consents, the browser is sent to redirectURI with code and
	// state (or error=access_denied and state).
	AuthorizeURL(redirectURI, state string) string
	// Identify exchanges a code for a user access token and reads who the
	// token belongs to. redirectURI must be the one the code was issued
	// for. Refusals are *Error with the platform's code (a code used twice
	// or expired, a person outside the app's availability…).
	Identify(ctx context.Context, code, redirectURI string) (Identity, error)
}

// Identity is who a login belongs to, as the platform says: its ids (the
// mirror keys users on UserID, so UnionID and OpenID are only fallbacks)
// and the profile fields auto-binding may match on. Empty when the app may
// not read a field.
type Identity struct {
	// TenantKey is the platform's id of the person's enterprise (Feishu
	// tenant_key); a person of another enterprise is refused.
	TenantKey                 string
	UserID, UnionID, OpenID   string
	Name, EnName              string
	Email, Mobile, EmployeeNo string
	AvatarURL                 string
}
