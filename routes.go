package main

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"imbridge/frontend"
	"imbridge/graph"
	"imbridge/platform"
	"imbridge/platform/feishu/webhook"
	"imbridge/platform/volcano"
	wecomcallback "imbridge/platform/wecom/callback"
)

var (
	httpRequests = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "imbridge_http_requests_total",
		Help: "HTTP requests, by route pattern, method and status code.",
	}, []string{"route", "method", "code"})
	httpDuration = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "imbridge_http_request_duration_seconds",
		Help:    "HTTP request latency, by route pattern.",
		Buckets: prometheus.DefBuckets,
	}, []string{"route"})
)

// routes builds the HTTP surface of the api role.
func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	gql := graph.NewHandler(a.resolver, a.cfg.devOrigins())
	mux.Handle("/query", a.auth.Middleware(a.cfg.requestLimits().Handler(gql)))
	mux.Handle("GET /graphiql", playground.Handler("imbridge GraphQL", "/query"))
	authMux := http.NewServeMux()
	a.auth.Routes(authMux)
	mux.Handle("/auth/", a.auth.Middleware(authMux))
	ssoMux := http.NewServeMux()
	a.sso.Routes(ssoMux)
	mux.Handle("/sso/", a.auth.Middleware(ssoMux))
	mux.Handle("POST /callback/feishu/{app}", webhook.NewHandler(webhook.Params{
		Lookup: func(ctx context.Context, id string) (webhook.AppKeys, error) {
			return a.platforms.FeishuKeys(ctx, a.db.Client, id)
		},
		Deliver: a.jobs.EnqueueFeishuEvent,
		Broker:  a.broker,
		Logger:  a.log,
		// Quick-approval clicks (push): verified, then recorded and
		// forwarded to the OA by the push engine.
		OnCardAction: func(ctx context.Context, keys webhook.AppKeys, act platform.CardAction) (platform.CardActionReply, error) {
			return a.push.OnCardAction(ctx, keys.TenantID, keys.AppID, act)
		},
		Actions: a.actions,
	}))
	// Approve / reject taken in Feishu's approval center (三方审批): the
	// action callback of the app's approval definition, with the keys the
	// bridge generated for it; forwarded to the OA by the push engine.
	mux.Handle("POST /callback/feishu/{app}/approval", webhook.NewApprovalHandler(webhook.ApprovalParams{
		Lookup: func(ctx context.Context, id string) (webhook.ApprovalKeys, error) {
			return a.platforms.FeishuApprovalKeys(ctx, a.db.Client, id)
		},
		OnAction: func(ctx context.Context, keys webhook.ApprovalKeys, act platform.ApprovalAction) (platform.ApprovalActionReply, error) {
			return a.push.OnApprovalAction(ctx, keys.TenantID, keys.AppID, act)
		},
		Actions: a.actions,
		Broker:  a.broker,
		Logger:  a.log,
	}))
	wecomCallback := wecomcallback.NewHandler(wecomcallback.Params{
		Lookup: func(ctx context.Context, id string) (wecomcallback.AppKeys, error) {
			return a.platforms.WeComKeys(ctx, a.db.Client, id)
		},
		Deliver: a.jobs.EnqueueWeComEvent,
		Broker:  a.broker,
		Logger:  a.log,
		// Quick-approval clicks (template_card_event): verified, then
		// recorded and forwarded to the OA by the push engine, as Feishu's.
		OnCardAction: func(ctx context.Context, keys wecomcallback.AppKeys, act platform.CardAction) error {
			_, err := a.push.OnCardAction(ctx, keys.TenantID, keys.AppID, act)
			return err
		},
		Actions: a.actions,
	})
	mux.Handle("GET /callback/wecom/{app}", wecomCallback)
	mux.Handle("POST /callback/wecom/{app}", wecomCallback)
	// Volcano enterprise live's status callback (MD5-signed GET, 5 s):
	// verified, then applied by a job.
	mux.Handle("GET /callback/volcano/{corp}", volcano.CallbackHandler(
		func(ctx context.Context, corp string) (volcano.CallbackTarget, error) {
			return a.platforms.VolcanoKeys(ctx, a.db.Client, corp)
		}, time.Now,
		func(ctx context.Context, t volcano.CallbackTarget, ev volcano.StatusEvent) error {
			return a.jobs.EnqueueVolcanoEvent(ctx, t.TenantID, t.CorpID, ev)
		}))
	a.mountOps(mux)
	if a.demo != nil {
		mux.Handle(demoSimPath+"/", a.auth.Middleware(a.demo.handler()))
		mux.Handle(demoWeComSimPath+"/", a.demo.wecom.handler())
		mux.Handle(demoVolcanoSimPath+"/", http.StripPrefix(demoVolcanoSimPath, a.demo.volcano))
		a.demo.mountOA(mux, a)
	}
	mux.Handle("/", consoleHeaders(frontend.Handler()))
	return baseHeaders(instrument(mux))
}

// opsRoutes is the HTTP surface of a worker process: health and metrics.
func (a *app) opsRoutes() http.Handler {
	mux := http.NewServeMux()
	a.mountOps(mux)
	return instrument(mux)
}

// mountOps adds the health and metrics endpoints every role serves.
func (a *app) mountOps(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", a.ready)
	mux.Handle("GET /metrics", promhttp.Handler())
}

// ready reports whether the database and Redis answer. The answer says
// which one does not, never why: the endpoint is on the public listener,
// and a driver's error names the database's or Redis's internal address
// and user. The cause goes to the log, for the operator.
func (a *app) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.db.SQL.PingContext(ctx); err != nil {
		a.log.Warn("readyz: the database does not answer", "err", err)
		http.Error(w, "database: not answering", http.StatusServiceUnavailable)
		return
	}
	if err := a.broker.Client.Ping(ctx).Err(); err != nil {
		a.log.Warn("readyz: redis does not answer", "err", err)
		http.Error(w, "redis: not answering", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// instrument records metrics per route pattern (never the raw path, which
// would explode the label set).
func instrument(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		_, pattern := mux.Handler(r)
		mux.ServeHTTP(rec, r)
		if pattern == "" {
			pattern = "unmatched"
		}
		httpRequests.WithLabelValues(pattern, methodLabel(r.Method), strconv.Itoa(rec.status)).Inc()
		httpDuration.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
	})
}

// methodLabel keeps the method label to the standard methods: a request
// line may carry any token there.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return m
	}
	return "OTHER"
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (WebSocket upgrades).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
