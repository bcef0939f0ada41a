package worker

import (
	"cmp"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"imbridge/ent"
	"imbridge/platform/appclient"
	"imbridge/platform/feishu/webhook"
	"imbridge/worker/broker"
	"imbridge/worker/push"
	oawebhook "imbridge/worker/webhook"
)

// ServerParams configures a Server.
type ServerParams struct {
	Broker      *broker.Broker
	DB          *ent.Client
	Client      *Client
	Logger      *slog.Logger
	Concurrency int
	// Platforms builds platform clients for apps.
	Platforms *appclient.Factory
	// ScheduleReload is how often sync profiles' schedules are re-read
	// (default 30 s).
	ScheduleReload time.Duration
	// SweepInterval is how often runs whose task is gone are looked for, and
	// how old they must be (default 30 s).
	SweepInterval time.Duration
	// Webhooks sends the OA's webhooks (its egress policy is the operator's
	// IMBRIDGE_ALLOW_PRIVATE_WEBHOOK_HOSTS); nil: public https receivers
	// only, sealed with Platforms.Sealer.
	Webhooks *oawebhook.Sender
	// Name names this process in the attempts it runs; default host:pid.
	Name string
	// WebhookRetry overrides the webhook retry schedule (tests).
	WebhookRetry oawebhook.RetryPolicy
	// SyncConcurrency bounds a sync run's writes in flight (default 8).
	SyncConcurrency int
	// PublicURL is IMBRIDGE_PUBLIC_URL (approval definitions' callbacks);
	// CallbackBase overrides it per tenant (PushParams).
	PublicURL    string
	CallbackBase func(tenantID int) string
}

// Server processes jobs: the asynq server with the bridge's handlers, and the
// sweeper that re-enqueues runs whose enqueue was lost.
type Server struct {
	p       ServerParams
	srv     *asynq.Server
	mux     *asynq.ServeMux
	sweeper *sweeper
	sched   *asynq.PeriodicTaskManager
	echoes  *webhook.EchoGuard
	hooks   *oawebhook.Dispatcher
	// name is this process in the attempts it runs (host:pid).
	name string
	push *push.Engine
}

// NewServer returns a Server; Start runs it.
func NewServer(p ServerParams) *Server {
	if p.Logger == nil {
		p.Logger = slog.Default()
	}
	if p.Concurrency == 0 {
		p.Concurrency = 10
	}
	b := p.Broker
	s := &Server{p: p, mux: asynq.NewServeMux(), echoes: webhook.NewEchoGuard(p.Broker), name: cmp.Or(p.Name, processName())}
	s.srv = asynq.NewServerFromRedisClient(b.Client, asynq.Config{
		Concurrency: p.Concurrency,
		Queues: map[string]int{
			b.Queue(QueueCritical): 6,
			b.Queue(QueueDefault):  3,
			b.Queue(QueueLow):      1,
		},
		// Tasks still running at shutdown go back to the queue and resume
		// elsewhere; give handlers time to reach a checkpoint first.
		ShutdownTimeout: 20 * time.Second,
		Logger:          asynqLogger{p.Logger},
		RetryDelayFunc:  retryDelay,
		// Jobs are mostly waiting on I/O; check queues often so an enqueued
		// job starts promptly in the console.
		TaskCheckInterval: 200 * time.Millisecond,
	})
	s.mux.Use(metricsMiddleware)
	s.mux.Handle(TypeOAImport, s.runHandler(oaImport))
	s.mux.Handle(TypeIMPull, s.runHandler(imPull))
	s.mux.HandleFunc(TypeScheduledPull, s.scheduledPull)
	s.mux.Handle(TypeSync, s.runHandler(syncRun))
	s.mux.Handle(TypeSyncApply, s.runHandler(syncRun))
	s.mux.HandleFunc(TypeScheduledSync, s.scheduledSync)
	s.mux.HandleFunc(TypeFeishuEvent, s.feishuEvent)
	s.mux.HandleFunc(TypeWeComEvent, s.wecomEvent)
	s.mux.HandleFunc(TypeBroadcastRefresh, s.broadcastRefresh)
	s.mux.HandleFunc(TypeVolcanoEvent, s.volcanoEvent)
	s.sweeper = newSweeper(sweeperParams{DB: p.DB, Client: p.Client, Logger: p.Logger, Interval: cmp.Or(p.SweepInterval, 30*time.Second)})
	if p.Webhooks == nil && p.Platforms != nil {
		p.Webhooks = &oawebhook.Sender{Sealer: p.Platforms.Sealer}
	}
	if p.Webhooks != nil {
		s.hooks = oawebhook.NewDispatcher(oawebhook.DispatcherParams{DB: p.DB, Sender: p.Webhooks, Logger: p.Logger, Retry: p.WebhookRetry})
	}
	s.push = NewPushEngine(PushParams{DB: p.DB, Jobs: p.Client, Platforms: p.Platforms, Webhooks: s.WebhookPublisher(), Logger: p.Logger,
		PublicURL: p.PublicURL, CallbackBase: p.CallbackBase})
	for _, typ := range []string{TypePushDeliver, TypePushComplete, TypePushRecall, TypePushCard, TypePushApproval, TypePushApprovalCheck} {
		s.mux.HandleFunc(typ, s.pushTask)
	}
	var err error
	s.sched, err = asynq.NewPeriodicTaskManager(asynq.PeriodicTaskManagerOpts{
		// A client of its own, which its Shutdown closes: on a shared one
		// asynq logs an ERROR at every clean shutdown.
		RedisConnOpt:               ownConn{b.Client.Options()},
		PeriodicTaskConfigProvider: scheduleProvider{db: p.DB, broker: b},
		// Schedules edited in the console apply within this interval.
		SyncInterval:  cmp.Or(p.ScheduleReload, 30*time.Second),
		SchedulerOpts: &asynq.SchedulerOpts{Logger: asynqLogger{p.Logger}, Location: time.Local},
	})
	if err != nil {
		panic(err) // only for nil options, which are set above
	}
	return s
}

// Start begins processing.
func (s *Server) Start() error {
	if err := s.srv.Start(s.mux); err != nil {
		return fmt.Errorf("starting job server: %w", err)
	}
	s.sweeper.start()
	if s.hooks != nil {
		s.hooks.Start()
	}
	if err := s.sched.Start(); err != nil {
		return fmt.Errorf("starting the scheduler: %w", err)
	}
	return nil
}

// Shutdown stops fetching new tasks, waits for running ones up to the
// shutdown timeout, and returns unfinished ones to their queues.
func (s *Server) Shutdown() {
	s.sched.Shutdown()
	s.sweeper.stop()
	if s.hooks != nil {
		s.hooks.Stop()
	}
	s.srv.Shutdown()
}

// WebhookPublisher queues webhooks to the OA (in the caller's transaction)
// and wakes this worker's dispatcher once they are committed.
func (s *Server) WebhookPublisher() *oawebhook.Publisher {
	pub := &oawebhook.Publisher{DB: s.p.DB}
	if s.hooks != nil {
		pub.Notify = s.hooks.Notify
	}
	return pub
}

// retryDelay backs off exponentially from 5 s to 10 min; asynq's default
// (Sidekiq's n^4) waits hours by the tenth try, too long for a sync an admin
// is watching.
func retryDelay(n int, _ error, _ *asynq.Task) time.Duration {
	d := 5 * time.Second << min(n, 7)
	return min(d, 10*time.Minute)
}

// ownConn makes a new Redis client with the broker's options (address,
// credentials, or the embedded Redis's dialer), for a component that closes
// its client when it stops.
type ownConn struct{ opts *redis.Options }

func (c ownConn) MakeRedisClient() any {
	o := *c.opts
	return redis.NewClient(&o)
}

// asynqLogger routes asynq's logs to slog.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Error(args ...any) { a.l.Error(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Fatal(args ...any) { a.l.Error(fmt.Sprint(args...), "component", "asynq") }
