package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"imbridge/ent/viewer"
	"imbridge/graph/auth"
)

// WebSocket close codes: graphql-ws clients treat 4401 and 4403 as final
// (no reconnect loop); the console sends the admin to the login page on 4401.
const (
	// CloseUnauthorized closes a socket whose session or token has ended.
	CloseUnauthorized = 4401
	// CloseForbidden closes a socket whose credentials now grant something
	// else than when it was opened (another role, scopes or tenant).
	CloseForbidden = 4403
	// closeUnverifiable closes a socket whose credentials could not be
	// checked for staleAfter (Redis or the database failing); clients may
	// reconnect, which authenticates afresh.
	closeUnverifiable = 1011
	// closeBadRequest (graphql-ws's BadRequest) refuses a connection whose
	// parameters name no tenant (auth.UnknownTenantError); retrying the same
	// parameters cannot succeed.
	closeBadRequest = 4400
)

// Defaults of SocketParams.
const (
	defaultTrustFor   = 2 * time.Second
	defaultCheckEvery = 5 * time.Second
	// staleAfter is how long a socket stays open while its credentials
	// cannot be checked at all.
	staleAfter = 30 * time.Second
	// checkTimeout bounds one background check of one socket.
	checkTimeout = 5 * time.Second
)

var (
	errSocketUnauthenticated = &codedError{code: CodeUnauthenticated, msg: "your session or API token has ended; log in again"}
	errSocketForbidden       = &codedError{code: CodeForbidden, msg: "your permissions changed since this connection was opened; reconnect"}
	errSocketUnverifiable    = &codedError{code: CodeInternal, msg: "your credentials could not be checked; try again"}
)

// SocketParams configure a SocketGuard.
type SocketParams struct {
	Auth   *auth.Authenticator
	Logger *slog.Logger
	// TrustFor is how long a successful check is trusted before an operation
	// on the socket checks again (default 2 s).
	TrustFor time.Duration
	// CheckEvery is how often every open socket is checked, so that running
	// subscriptions end too (default 5 s; negative: never, for tests).
	CheckEvery time.Duration
	// Now is the clock of TrustFor (default time.Now; tests move it).
	Now func() time.Time
}

// SocketGuard keeps WebSockets (graphql-transport-ws) from outliving their
// credentials. A socket authenticates once, in connection_init; after that:
//   - every operation sent on it (query, mutation or subscription) first
//     checks the session or API token again, unless it was checked in the
//     last TrustFor: one Redis read and one indexed database read;
//   - every open socket is checked every CheckEvery, and at once when any API
//     process announces that the credentials it uses changed (auth.Change,
//     over Redis pub/sub), so running subscriptions end too.
//
// A socket whose session or token has ended (logout, password change, admin
// disabled or deleted, role change, token revoked or expired) is closed with
// 4401, one whose credentials now grant other access with 4403, and the
// operation that found out is refused (UNAUTHENTICATED or FORBIDDEN). All
// state is in Redis and the database, so the checks hold across API
// processes; the announcement only hastens what the periodic check does.
type SocketGuard struct {
	auth       *auth.Authenticator
	log        *slog.Logger
	trustFor   time.Duration
	checkEvery time.Duration
	now        func() time.Time

	mu   sync.Mutex
	open map[*socket]struct{}

	cancel context.CancelFunc
	done   chan struct{}
}

// NewSocketGuard returns a guard; Start begins the periodic and announced
// checks (operations are checked without it).
func NewSocketGuard(p SocketParams) *SocketGuard {
	g := &SocketGuard{auth: p.Auth, log: p.Logger, trustFor: p.TrustFor, checkEvery: p.CheckEvery, now: p.Now, open: map[*socket]struct{}{}}
	if g.log == nil {
		g.log = slog.Default()
	}
	if g.trustFor <= 0 {
		g.trustFor = defaultTrustFor
	}
	if g.checkEvery == 0 {
		g.checkEvery = defaultCheckEvery
	}
	if g.now == nil {
		g.now = time.Now
	}
	return g
}

// Start subscribes to credential changes and starts the periodic check. It
// returns once the subscription is confirmed.
func (g *SocketGuard) Start(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	changes, err := g.auth.Changes(ctx)
	if err != nil {
		cancel()
		return fmt.Errorf("subscribing to credential changes: %w", err)
	}
	g.cancel, g.done = cancel, make(chan struct{})
	go g.loop(ctx, changes)
	return nil
}

// Stop ends the periodic and announced checks.
func (g *SocketGuard) Stop() {
	if g.cancel == nil {
		return
	}
	g.cancel()
	<-g.done
}

func (g *SocketGuard) loop(ctx context.Context, changes <-chan auth.Change) {
	defer close(g.done)
	var tick <-chan time.Time
	if g.checkEvery > 0 {
		t := time.NewTicker(g.checkEvery)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			g.CheckAll(ctx)
		case ch, ok := <-changes:
			if !ok {
				changes = nil // the periodic check carries on alone
				continue
			}
			g.check(ctx, func(s *socket) bool { return ch.Concerns(s.cred, s.viewer) })
		}
	}
}

// CheckAll checks every open socket now, closing those whose credentials
// have ended or changed. The periodic check calls it.
func (g *SocketGuard) CheckAll(ctx context.Context) {
	g.check(ctx, func(*socket) bool { return true })
}

func (g *SocketGuard) check(ctx context.Context, which func(*socket) bool) {
	g.mu.Lock()
	var due []*socket
	for s := range g.open {
		if which(s) {
			due = append(due, s)
		}
	}
	g.mu.Unlock()
	for _, s := range due {
		cctx, cancel := context.WithTimeout(ctx, checkTimeout)
		_ = s.check(cctx, true, nil)
		cancel()
	}
}

// wrap gives every WebSocket upgrade request a socket record, which the
// transport (Implementation, InitFunc) and the operations find in the
// context, and forgets it when the connection ends.
func (g *SocketGuard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") == "" {
			next.ServeHTTP(w, r)
			return
		}
		s := &socket{g: g, ip: auth.ClientIP(r)}
		defer g.forget(s)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), socketKey{}, s)))
	})
}

func (g *SocketGuard) forget(s *socket) {
	g.mu.Lock()
	delete(g.open, s)
	g.mu.Unlock()
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Unlock()
}

// Implementation wraps the WebSocket implementation so the guard holds each
// connection and can close it with its own code.
func (g *SocketGuard) Implementation(inner transport.WebsocketImplementation) transport.WebsocketImplementation {
	return guardedImplementation{inner}
}

type guardedImplementation struct {
	inner transport.WebsocketImplementation
}

func (i guardedImplementation) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := i.inner.Accept(w, r, o)
	if s := socketFrom(r.Context()); err == nil && s != nil {
		s.mu.Lock()
		s.conn = conn
		s.mu.Unlock()
	}
	return conn, err
}

// opened records that the socket in ctx authenticated (connection_init) with
// credential c as viewer v, and returns the context its operations run in:
// it carries the viewer and credential, and ends when the socket is closed.
func (g *SocketGuard) opened(ctx context.Context, c auth.Credential, v *viewer.Viewer) (context.Context, error) {
	s := socketFrom(ctx)
	if s == nil {
		return ctx, errors.New("WebSocket not guarded: NewHandler's handler must serve it")
	}
	ctx, cancel := context.WithCancel(viewer.NewContext(auth.WithCredential(ctx, c), v))
	s.mu.Lock()
	s.cred, s.viewer, s.cancel, s.checkedAt = c, v, cancel, g.now()
	s.mu.Unlock()
	g.mu.Lock()
	g.open[s] = struct{}{}
	g.mu.Unlock()
	return ctx, nil
}

// checkOperation runs before every operation. Operations over HTTP pass (the
// middleware authenticated their request just now); one on a socket runs
// only if the socket's credentials still hold.
func (g *SocketGuard) checkOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	s := socketFrom(ctx)
	if s == nil {
		return next(ctx)
	}
	// The socket closes once the refusal is sent (ctx, the operation's, ends
	// after its last frame), so the client reads why before the close.
	if err := s.check(ctx, false, ctx); err != nil {
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{presentError(g.log)(ctx, err)}})
	}
	return next(ctx)
}

type socketKey struct{}

func socketFrom(ctx context.Context) *socket {
	s, _ := ctx.Value(socketKey{}).(*socket)
	return s
}

// socketIP is the client address of the socket in ctx ("" if none).
func socketIP(ctx context.Context) string {
	if s := socketFrom(ctx); s != nil {
		return s.ip
	}
	return ""
}

// socket is one WebSocket connection and what it authenticated with.
type socket struct {
	g  *SocketGuard
	ip string

	mu        sync.Mutex
	conn      transport.WebsocketConn
	cred      auth.Credential
	viewer    *viewer.Viewer // nil until connection_init succeeded
	cancel    context.CancelFunc
	checkedAt time.Time // of the last successful check
	ended     error     // why the socket was closed, once it was
}

// check revalidates the socket's credentials, unless they were checked in
// the last TrustFor (force: check anyway). It returns the error that refuses
// an operation; when the credentials ended or changed, every later operation
// is refused too and the socket is closed, at once or, with closeAfter, when
// that context ends.
func (s *socket) check(ctx context.Context, force bool, closeAfter context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended != nil {
		return s.ended
	}
	if s.viewer == nil {
		return errSocketUnauthenticated
	}
	now := s.g.now()
	if !force && now.Sub(s.checkedAt) < s.g.trustFor {
		return nil
	}
	err := s.g.auth.Revalidate(ctx, s.cred, s.viewer)
	switch {
	case err == nil:
		s.checkedAt = now
		return nil
	case errors.Is(err, auth.ErrUnauthenticated):
		s.end(CloseUnauthorized, "credentials ended", errSocketUnauthenticated, closeAfter)
	case errors.Is(err, auth.ErrNoLongerAllowed):
		s.end(CloseForbidden, "permissions changed", errSocketForbidden, closeAfter)
	default:
		s.g.log.Warn("checking a WebSocket's credentials", "actor", s.viewer.Actor(), "err", err)
		if now.Sub(s.checkedAt) > staleAfter {
			s.end(closeUnverifiable, "credentials could not be checked", errSocketUnverifiable, closeAfter)
		}
		return errSocketUnverifiable
	}
	return s.ended
}

// end refuses every further operation on the socket with err and closes it
// with code, now or when closeAfter ends (s.mu held). Cancelling the
// socket's context ends its running operations (subscriptions); the
// transport then closes too, but the close frame sent first, with this code,
// is the one the client gets.
func (s *socket) end(code int, reason string, err error, closeAfter context.Context) {
	s.ended = err
	s.g.log.Info("closing a WebSocket", "actor", s.viewer.Actor(), "code", code, "reason", reason)
	conn, cancel := s.conn, s.cancel
	closeNow := func() {
		if conn != nil {
			_ = conn.WriteClose(code, reason)
		}
		if cancel != nil {
			cancel()
		}
	}
	if closeAfter == nil {
		closeNow()
		return
	}
	context.AfterFunc(closeAfter, closeNow)
}
