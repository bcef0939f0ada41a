package graph

import (
	"context"
	"errors"
	"net/http"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"

	"imbridge/ent"
	"imbridge/ent/viewer"
	"imbridge/graph/auth"
	"imbridge/graph/generated"
)

// NewHandler returns the GraphQL endpoint: POST/GET queries and mutations,
// subscriptions over graphql-transport-ws, mutations in a transaction, every
// mutation audited, cost limits and one error mapping.
// originPatterns lists extra browser origins allowed to open WebSockets
// (e.g. the Vite dev server); the server's own origin is always allowed.
func NewHandler(r *Resolver, originPatterns []string) http.Handler {
	r.Client.User.Intercept(userCountInterceptor())
	if r.Sockets == nil {
		panic("graph: NewHandler needs Resolver.Sockets")
	}
	es := newCostedSchema(generated.NewExecutableSchema(generated.Config{
		Resolvers:  r,
		Directives: generated.DirectiveRoot{Auth: authDirective},
	}))
	srv := handler.New(es)
	srv.AddTransport(transport.Websocket{
		InitFunc:         r.websocketInit,
		InitTimeout:      10 * time.Second,
		PingPongInterval: 15 * time.Second,
		Implementation: r.Sockets.Implementation(transport.CoderWebsocketImplementation{
			AcceptOptions: websocket.AcceptOptions{OriginPatterns: originPatterns},
		}),
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(getTransport{})
	srv.AddTransport(postTransport{})
	srv.AddTransport(unsupportedTransport{})
	cache := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(cache)
	// A backstop: queryShape refuses long documents first, with its own code.
	srv.SetParserTokenLimit(MaxTokens + 1)
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(queryShape{cache: cache, maxTokens: MaxTokens, maxAnonymousTokens: MaxAnonymousTokens, maxFields: MaxFields, maxPairs: MaxFieldPairs})
	srv.Use(paginationCheck{})
	srv.Use(textCheck{})
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.Use(depthLimit{max: MaxDepth})
	// Outside the transaction, so refusals are recorded after its rollback.
	srv.Use(&refusalAuditor{client: r.Client, broker: r.Broker, log: r.Logger, now: time.Now})
	// Outside the transaction too: a create refused for lack of broadcast
	// permission files its request after the rollback.
	srv.Use(permissionRequestFiler{r: r})
	// Outside the transaction too: what a platform confirmed is recorded
	// even when the operation's transaction rolls back.
	srv.Use(broadcastOutbox{r: r})
	srv.Use(entgql.Transactioner{TxOpener: r.Client})
	srv.AroundOperations(r.Sockets.checkOperation)
	srv.AroundFields(guardQueries)
	srv.AroundFields(newPayloadGuard(es.Schema()).intercept)
	srv.AroundFields(auditMutations)
	srv.AroundOperations(observeOperation)
	srv.SetErrorPresenter(presentError(r.Logger))
	srv.SetRecoverFunc(recoverPanic(r.Logger))
	return r.Sockets.wrap(srv)
}

// websocketInit authenticates a subscription connection: the session cookie
// of the upgrade request (the browser sends it), or an Authorization value in
// the connection parameters. Refusals close with 4401, which graphql-ws
// clients treat as final instead of reconnecting in a loop. From then on the
// SocketGuard checks the credential again for every operation.
func (r *Resolver) websocketInit(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	c, ok := auth.CredentialFromContext(ctx)
	if a := p.Authorization(); a != "" {
		c, ok = auth.BearerCredential(a, socketIP(ctx))
	}
	// A super admin's console picks its tenant in the connection parameters.
	tenant, present := p["tenant"]
	c = c.WithTenantParam(tenant, present)
	var v *viewer.Viewer
	if ok {
		var err error
		v, err = r.Auth.Authenticate(ctx, c)
		var unknown *auth.UnknownTenantError
		if errors.As(err, &unknown) {
			ctx = transport.WithWebsocketCloseCode(ctx, closeBadRequest)
			// A close reason holds at most 123 bytes: the full sentence is the
			// connection_error's message.
			ctx = transport.AppendCloseReason(ctx, "unknown tenant")
			return ctx, nil, unknown
		}
		if err != nil && !errors.Is(err, auth.ErrUnauthenticated) {
			r.Logger.Error("authenticating a WebSocket", "err", err)
		}
	}
	if v == nil {
		ctx = transport.WithWebsocketCloseCode(ctx, CloseUnauthorized)
		ctx = transport.AppendCloseReason(ctx, "unauthorized")
		return ctx, nil, errors.New("unauthorized")
	}
	ctx, err := r.Sockets.opened(ctx, c, v)
	if err != nil {
		r.Logger.Error("opening a WebSocket", "err", err)
		ctx = transport.WithWebsocketCloseCode(ctx, closeUnverifiable)
		return ctx, nil, errors.New("internal error")
	}
	return ctx, nil, nil
}

// db returns the transactional client of a mutation, or the root client.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.Client
}
