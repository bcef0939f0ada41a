// Command imbridge is the OA ↔ IM bridge: the GraphQL API and console (role
// api), the job worker (role worker), or both in one process (role all, the
// default). With no configuration it runs on an embedded SQLite file and an
// in-process Redis and seeds a demo tenant.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"imbridge/ent/database"
	"imbridge/ent/seal"
	"imbridge/graph"
	"imbridge/graph/auth"
	"imbridge/graph/sso"
	"imbridge/platform"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
	"imbridge/worker"
	"imbridge/worker/broker"
	"imbridge/worker/progress"
	"imbridge/worker/push"
	"imbridge/worker/webhook"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "imbridge:", err)
		os.Exit(1)
	}
}

// app is the running process: its connections and components.
type app struct {
	cfg       config
	log       *slog.Logger
	db        *database.DB
	broker    *broker.Broker
	jobs      *worker.Client
	platforms *appclient.Factory
	webhooks  *webhook.Sender
	demo      *demo
	ln        net.Listener
	addr      string
	hub       *progress.Hub
	auth      *auth.Authenticator
	sso       *sso.Service
	sockets   *graph.SocketGuard
	resolver  *graph.Resolver
	push      *push.Engine
	actions   *platform.ActionSigner
	worker    *worker.Server
	http      *http.Server
}

func run(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "migrate":
			return helped(migrateCommand(ctx, args[1:]))
		case "healthcheck":
			return healthcheckCommand(args[1:])
		case "help":
			args = []string{"--help"}
		}
	}
	cfg, err := parseConfig(args)
	if err != nil {
		return helped(err)
	}
	log := newLogger(cfg)
	slog.SetDefault(log)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	a, err := start(ctx, cfg, log)
	if err != nil {
		return err
	}
	<-ctx.Done()
	log.Info("shutting down")
	a.shutdown()
	return nil
}

// start opens the connections, migrates, bootstraps and starts the
// components of the configured role. It returns once the server listens.
func start(ctx context.Context, cfg config, log *slog.Logger) (*app, error) {
	a := &app{cfg: cfg, log: log}
	var err error
	if a.db, err = database.Open(cfg.DatabaseURL, cfg.DataDir); err != nil {
		return nil, err
	}
	if a.broker, err = broker.Open(ctx, cfg.RedisURL); err != nil {
		return nil, err
	}
	a.broker.Namespace = cfg.RedisNamespace
	if a.broker.Embedded {
		log.Warn("using an in-process Redis: jobs and sessions are lost on restart; set IMBRIDGE_REDIS_URL in production")
	}
	key, generated, err := seal.LoadKey(cfg.SecretKey, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if generated {
		log.Warn("IMBRIDGE_SECRET_KEY is not set: using a key generated into the data dir; set it in production and keep a copy", "file", cfg.DataDir+"/secret.key")
	}
	sealer, err := seal.New(key)
	if err != nil {
		return nil, err
	}
	password, demo, err := prepare(ctx, a.db, cfg, sealer, log)
	if err != nil {
		return nil, err
	}
	a.demo = demo
	a.jobs = worker.NewClient(a.broker)
	// Listen now, serve later: the demo's default egress allow list is the
	// address this process (and its simulator) listens on.
	if a.ln, err = net.Listen("tcp", cfg.Listen); err != nil {
		return nil, err
	}
	a.addr = a.ln.Addr().String()
	policy, byDemo, err := cfg.platformEgress(a.addr)
	if err != nil {
		return nil, err
	}
	switch allow := policy.Allowed(); {
	case byDemo:
		log.Warn("demo mode: the demo tenant's platform calls may reach the simulators' private, plain-http address (other tenants' may not); set "+egress.Setting+" to choose the hosts", "allowed", allow.String())
	case !allow.Empty():
		log.Info("platform calls may reach these private hosts ("+egress.Setting+")", "allowed", allow.String())
	}
	// Card buttons that call back are sealed with a key derived from the
	// installation's secret: every process seals and opens alike.
	if a.actions, err = platform.NewActionSigner(key); err != nil {
		return nil, err
	}
	a.platforms = &appclient.Factory{Sealer: sealer, Broker: a.broker, Logger: log, Egress: policy, Actions: a.actions}
	if byDemo && a.demo != nil {
		// The demo's allowance is the demo tenant's simulators only: other
		// tenants' corps (and the demo's other URLs) stay on the strict
		// policy, so no tenant can aim platform calls, and the app secrets
		// they carry, at this server.
		a.platforms.Egress = egress.New(egress.Params{})
		a.platforms.Scoped = a.demo.platformScope(a.addr, policy)
	}
	hooks, hooksByDemo, err := cfg.webhookEgress(a.addr)
	if err != nil {
		return nil, err
	}
	switch allow := hooks.Allowed(); {
	case hooksByDemo:
		log.Warn("demo mode: webhooks to the OA may reach the demo receiver's private, plain-http address; set "+webhook.Setting+" to choose the hosts", "allowed", allow.String())
	case !allow.Empty():
		log.Info("webhooks to the OA may reach these private hosts ("+webhook.Setting+")", "allowed", allow.String())
	}
	a.webhooks = &webhook.Sender{Sealer: sealer, Egress: hooks}
	if hooksByDemo && a.demo != nil {
		// The demo's allowance is the demo tenant's stand-in OA only: other
		// tenants' receivers (and the demo's other URLs) stay on the
		// strict policy, so no tenant can aim webhooks at this server.
		a.webhooks = &webhook.Sender{Sealer: sealer, Egress: egress.New(egress.Params{Setting: webhook.Setting, Subject: webhook.Subject}),
			Scoped: &webhook.Scoped{TenantID: a.demo.tenID, Prefix: "http://" + demoHost(a.addr) + demoOAPath, Egress: hooks}}
	}
	if cfg.Role != "api" {
		a.worker = worker.NewServer(worker.ServerParams{Broker: a.broker, DB: a.db.Client, Client: a.jobs, Logger: log, Concurrency: cfg.Concurrency, Platforms: a.platforms, Webhooks: a.webhooks,
			PublicURL: cfg.PublicURL, CallbackBase: a.callbackBase})
		if err := a.worker.Start(); err != nil {
			return nil, err
		}
	}
	if cfg.Role != "worker" {
		if err := a.startAPI(ctx); err != nil {
			return nil, err
		}
	} else if err := a.listen(a.opsRoutes()); err != nil {
		return nil, err
	}
	if a.demo != nil {
		// Not fatal: the demo's first pull can also be started from the console.
		if err := a.demo.start(ctx, a, a.addr); err != nil {
			log.Warn("starting the demo", "err", err)
		}
	}
	switch {
	case password != "" && cfg.AdminPassword == "":
		// Printed once, on the terminal, never logged: logs are shipped elsewhere.
		fmt.Fprintf(os.Stderr, "\n  imbridge console: %s\n  log in as %q with password %q (shown only now)\n\n", cfg.PublicURL, auth.BootstrapUsername, password)
	case password != "":
		fmt.Fprintf(os.Stderr, "\n  imbridge console: %s\n  log in as %q with the password in IMBRIDGE_ADMIN_PASSWORD\n\n", cfg.PublicURL, auth.BootstrapUsername)
	}
	if cfg.Role != "worker" && password == "" {
		fmt.Fprintf(os.Stderr, "\n  imbridge console: %s\n\n", cfg.PublicURL)
	}
	return a, nil
}

func (a *app) startAPI(ctx context.Context) error {
	a.hub = progress.NewHub(progress.HubParams{Broker: a.broker, Logger: a.log})
	if err := a.hub.Start(ctx); err != nil {
		return fmt.Errorf("subscribing to progress: %w", err)
	}
	a.auth = auth.New(a.db.Client, a.broker, a.log, strings.HasPrefix(a.cfg.PublicURL, "https://"))
	a.sockets = graph.NewSocketGuard(graph.SocketParams{Auth: a.auth, Logger: a.log})
	if err := a.sockets.Start(ctx); err != nil {
		return err
	}
	a.sso = sso.New(sso.Service{DB: a.db.Client, Broker: a.broker, Platforms: a.platforms, Webhooks: a.webhooks,
		Auth: a.auth, PublicURL: a.cfg.PublicURL, Logger: a.log})
	pub := &webhook.Publisher{DB: a.db.Client}
	if a.worker != nil {
		pub = a.worker.WebhookPublisher()
	}
	a.push = worker.NewPushEngine(worker.PushParams{DB: a.db.Client, Jobs: a.jobs, Platforms: a.platforms, Webhooks: pub, Logger: a.log,
		PublicURL: a.cfg.PublicURL, CallbackBase: a.callbackBase})
	a.resolver = &graph.Resolver{
		Client: a.db.Client, Jobs: a.jobs, Broker: a.broker, Hub: a.hub, Sealer: a.platforms.Sealer, Auth: a.auth,
		Sockets: a.sockets, Logger: a.log, Platforms: a.platforms, PublicURL: a.cfg.PublicURL, Webhooks: a.webhooks,
		SSO: a.sso, Push: a.push,
	}
	return a.listen(a.routes())
}

// callbackBase is where the demo tenant's simulator posts its callbacks
// (this process's own address, like its event subscription); "" for every
// other tenant, whose platforms use IMBRIDGE_PUBLIC_URL.
func (a *app) callbackBase(tenantID int) string {
	if a.demo == nil || tenantID != a.demo.tenID {
		return ""
	}
	return "http://" + demoHost(a.addr)
}

// listen serves h on the configured address in the background.
func (a *app) listen(h http.Handler) error {
	ln := a.ln
	// Headers must arrive within 10 s and an idle keep-alive connection is
	// closed after 2 min (without IdleTimeout it would be held forever);
	// /query bounds its bodies itself (graph.RequestLimits), and WebSockets,
	// once upgraded, are not subject to either.
	a.http = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	go func() {
		if err := a.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("http server", "err", err)
		}
	}()
	a.log.Info("listening", "addr", ln.Addr().String(), "role", a.cfg.Role, "database", database.Redact(a.cfg.DatabaseURL), "embedded_redis", a.broker.Embedded)
	return nil
}

// shutdown stops taking requests, lets running jobs reach a stopping point,
// then closes connections, in that order.
func (a *app) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if a.http != nil {
		_ = a.http.Shutdown(ctx)
	}
	if a.worker != nil {
		a.worker.Shutdown()
	}
	if a.hub != nil {
		a.hub.Stop()
	}
	if a.sockets != nil {
		a.sockets.Stop()
	}
	if a.demo != nil {
		a.demo.sim.Close()
		a.demo.wecom.sim.Close()
	}
	_ = a.jobs.Close()
	_ = a.broker.Close()
	_ = a.db.Close()
}

func newLogger(cfg config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// helped turns the flag package's "help was asked for" into success: the
// usage is already printed.
func helped(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// migrateCommand applies (or with --dry-run prints) the schema migration.
func migrateCommand(ctx context.Context, args []string) error {
	dry := len(args) > 0 && args[0] == "--dry-run"
	if dry {
		args = args[1:]
	}
	cfg, err := parseConfig(args)
	if err != nil {
		return err
	}
	db, err := database.Open(cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	if dry {
		return db.PlanMigration(ctx, os.Stdout)
	}
	return db.Migrate(ctx)
}

// healthcheckCommand GETs a URL and fails unless it answers 200: the
// container image has no curl.
func healthcheckCommand(args []string) error {
	url := "http://127.0.0.1:8080/readyz"
	if len(args) > 0 {
		url = args[0]
	}
	c := &http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return nil
}
