package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"time"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/audit"
	"imbridge/ent/viewer"
)

// AdminJSON is the console's view of the logged-in admin.
type AdminJSON struct {
	// ID is a string, like GraphQL's ID type, so clients treat both alike.
	ID       string  `json:"id"`
	Username string  `json:"username"`
	Role     string  `json:"role"`
	TenantID *string `json:"tenantId"`
}

type errorJSON struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		RetryAfter int    `json:"retryAfter,omitempty"`
	} `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string, retryAfter time.Duration) {
	var e errorJSON
	e.Error.Code, e.Error.Message = code, msg
	if retryAfter > 0 {
		e.Error.RetryAfter = int(retryAfter.Seconds() + 0.5)
		w.Header().Set("Retry-After", fmt.Sprint(e.Error.RetryAfter))
	}
	writeJSON(w, status, e)
}

// Routes mounts POST /auth/login, POST /auth/logout and GET /auth/me. The
// POST endpoints take only application/json: a cross-site HTML form can
// send text/plain or a form encoding but not JSON (a cross-site fetch with
// JSON needs a CORS preflight, which is never granted), so another site
// cannot log a visitor in to an account of its choosing, or out.
func (a *Authenticator) Routes(mux *http.ServeMux) {
	mux.Handle("POST /auth/login", requireJSON(http.HandlerFunc(a.login)))
	mux.Handle("POST /auth/logout", requireJSON(http.HandlerFunc(a.logout)))
	mux.HandleFunc("GET /auth/me", a.me)
}

// requireJSON refuses a request whose body is not declared as
// application/json with 415.
func requireJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, "BAD_USER_INPUT", "Content-Type: must be application/json", 0)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// login checks a username and password and starts a session. The attempt
// is counted before the password is checked (see throttle), and the check
// waits for one of the few hashing slots (see hashGate): a burst of attempts
// is answered 429 or 503 at once instead of computing a 64 MiB hash each.
func (a *Authenticator) login(w http.ResponseWriter, r *http.Request) {
	var in struct{ Username, Password string }
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil || in.Username == "" || in.Password == "" {
		writeError(w, http.StatusBadRequest, "BAD_USER_INPUT", "username and password are required", 0)
		return
	}
	ctx, ip := r.Context(), ClientIP(r)
	name := NormalizeUsername(in.Username)
	wait, err := a.throttle.attempt(ctx, name, ip)
	if err != nil {
		a.log.Error("login: counting the attempt", "err", err)
		writeError(w, http.StatusServiceUnavailable, "INTERNAL", "cannot log in right now; try again later", busyRetryAfter)
		return
	}
	if wait > 0 {
		writeError(w, http.StatusTooManyRequests, "RATE_LIMITED", "too many failed logins; try again later", wait)
		return
	}
	ad, err := a.db.Admin.Query().Where(admin.UsernameEqualFold(name)).Only(allow(ctx))
	if err != nil && !ent.IsNotFound(err) {
		a.throttle.refund(ctx, name, ip)
		a.log.Error("login: loading admin", "err", err)
		writeError(w, http.StatusInternalServerError, "INTERNAL", "internal error", 0)
		return
	}
	hash := dummyHash
	if ad != nil {
		hash = ad.PasswordHash
	}
	ok, err := CheckPassword(ctx, hash, in.Password)
	if err != nil {
		// Nothing was checked: the attempt does not count.
		a.throttle.refund(ctx, name, ip)
		writeError(w, http.StatusServiceUnavailable, "RATE_LIMITED", "too many logins at once; try again in a moment", busyRetryAfter)
		return
	}
	if !ok || ad == nil || ad.Disabled {
		a.record(ctx, nil, ip, in.Username, false)
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "wrong username or password", 0)
		return
	}
	a.throttle.succeed(ctx, name, ip)
	if err := a.StartSession(ctx, w, ad, ip, "console login"); err != nil {
		a.log.Error("login: creating session", "err", err)
		writeError(w, http.StatusInternalServerError, "INTERNAL", "internal error", 0)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"admin": adminJSON(ad)})
}

// StartSession logs an admin in whose identity is established (a password
// checked, or a Feishu account bound to the admin, graph/sso): a new
// session, its cookie, the last login time and the audit event (how says
// which way, e.g. "console login with Feishu").
func (a *Authenticator) StartSession(ctx context.Context, w http.ResponseWriter, ad *ent.Admin, ip, how string) error {
	id, err := a.sessions.create(ctx, ad.ID)
	if err != nil {
		return err
	}
	_ = a.db.Admin.UpdateOneID(ad.ID).SetLastLoginAt(time.Now()).Exec(allow(ctx))
	a.recordAs(ctx, ad, ip, ad.Username, true, how)
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: id, Path: "/", HttpOnly: true, Secure: a.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: int(SessionTTL.Seconds()),
	})
	return nil
}

// record audits a login attempt.
func (a *Authenticator) record(ctx context.Context, ad *ent.Admin, ip, username string, ok bool) {
	a.recordAs(ctx, ad, ip, username, ok, "console login")
}

func (a *Authenticator) recordAs(ctx context.Context, ad *ent.Admin, ip, username string, ok bool, how string) {
	v := &viewer.Viewer{Kind: viewer.KindAdmin, Name: username, IP: ip}
	tenant := 0
	if ad != nil {
		v.ID, tenant = ad.ID, ad.TenantID
	}
	entry := audit.Entry{Action: "login", Failed: !ok, TenantID: tenant, Summary: how}
	if !ok {
		entry.Summary = "failed " + how
	}
	if err := audit.Record(viewer.NewContext(ctx, v), a.db, entry); err != nil {
		a.log.Warn("auditing login", "err", err)
	}
}

func (a *Authenticator) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(CookieName); err == nil && c.Value != "" {
		hash := HashToken(c.Value)
		if err := a.sessions.delete(r.Context(), hash); err != nil {
			a.log.Error("logout: ending the session", "err", err)
		}
		a.announce(r.Context(), Change{Session: hash})
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", HttpOnly: true, Secure: a.SecureCookie, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	w.WriteHeader(http.StatusNoContent)
}

func (a *Authenticator) me(w http.ResponseWriter, r *http.Request) {
	v := viewer.FromContext(r.Context())
	if v == nil || v.Kind != viewer.KindAdmin {
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "not logged in", 0)
		return
	}
	ad, err := a.db.Admin.Get(allow(r.Context()), v.ID)
	if err != nil {
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "not logged in", 0)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"admin": adminJSON(ad)})
}

func adminJSON(ad *ent.Admin) AdminJSON {
	j := AdminJSON{ID: fmt.Sprint(ad.ID), Username: ad.Username, Role: string(ad.Role)}
	if ad.TenantID != 0 {
		s := fmt.Sprint(ad.TenantID)
		j.TenantID = &s
	}
	return j
}

// EndSessions ends every session of an admin (after disabling, deleting, a
// role change, or a reset of their password by another admin), and closes
// the WebSockets opened with them.
func (a *Authenticator) EndSessions(ctx context.Context, adminID int) error {
	if err := a.sessions.deleteAll(ctx, adminID, ""); err != nil {
		return err
	}
	a.announce(ctx, Change{Admin: adminID})
	return nil
}

// EndOtherSessions ends every session of an admin except the one ctx was
// authenticated with (after the admin changed their own password: whoever
// else knew the old one is logged out, the admin is not).
func (a *Authenticator) EndOtherSessions(ctx context.Context, adminID int) error {
	c, _ := CredentialFromContext(ctx)
	if err := a.sessions.deleteAll(ctx, adminID, c.session); err != nil {
		return err
	}
	a.announce(ctx, Change{Admin: adminID})
	return nil
}
