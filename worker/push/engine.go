package push

import (
	"context"
	"log/slog"
	"time"

	"imbridge/ent"
	"imbridge/ent/viewer"
	"imbridge/platform"
	"imbridge/worker/webhook"
)

// Op is a piece of work on a message that runs as a job.
type Op string

// Ops.
const (
	OpDeliver  Op = "deliver"  // plan (once) and send what is queued
	OpComplete Op = "complete" // turn sent to-do cards into done
	OpRecall   Op = "recall"   // withdraw what was sent
	OpApproval Op = "approval" // sync the message's approval-center instances
)

// Params configure an Engine.
type Params struct {
	DB *ent.Client
	// Messenger returns the messenger of an app (ctx carries the tenant).
	Messenger func(ctx context.Context, app *ent.App, corp *ent.Corp) (platform.Messenger, error)
	// Schedule queues op on a message once the transaction in ctx (if
	// any) commits.
	Schedule func(ctx context.Context, tenantID, messageID int, op Op) error
	// ScheduleCard queues the update of one clicked card (after the
	// callback is answered), with the click's token.
	ScheduleCard func(ctx context.Context, tenantID, deliveryID int, token string) error
	// ApprovalCallback returns an app's approval-center action callback
	// (URL, token, key), generating its keys the first time; nil: targets
	// of type approval fail (no definition can be created).
	ApprovalCallback func(ctx context.Context, a *ent.App) (platform.ApprovalCallback, error)
	// Webhooks queues the OA's webhooks (quick approval).
	Webhooks *webhook.Publisher
	Logger   *slog.Logger
	Now      func() time.Time
	// MaxAttempts is how often a delivery is tried before it is dead
	// (default 5).
	MaxAttempts int
	// Workers is how many sends of one message are in flight at once
	// (default 6): 50/s at a 40 ms round trip needs 2 plus the row writes;
	// more only queue in the shared limiter (where a waiting call holds no
	// slot, ratelimit.WaitAll).
	Workers int
	// BatchAtMostOnce lets a message's first run send text and rich text to
	// many people of one app with batch_send (BatchMin or more, 200 a
	// request) — fast, but at most once, not exactly once: see
	// exactlyOnceRule. Off by default: every delivery then goes one by one
	// with its uuid.
	BatchAtMostOnce bool
	// BatchMin is the least number of recipients of a text or rich-text
	// target sent with batch_send instead of one by one (default 20), when
	// BatchAtMostOnce is set.
	BatchMin int
	// Backoff is the wait before attempt n+1 (default 2^n seconds, at
	// most a minute).
	Backoff func(n int) time.Duration
}

// Engine runs pushes. It is safe for concurrent use.
type Engine struct{ p Params }

// New returns an Engine.
func New(p Params) *Engine {
	if p.Logger == nil {
		p.Logger = slog.Default()
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 5
	}
	if p.Workers <= 0 {
		p.Workers = 6
	}
	if p.BatchMin <= 0 {
		p.BatchMin = 20
	}
	if p.Backoff == nil {
		p.Backoff = func(n int) time.Duration { return min(time.Second<<min(n, 6), time.Minute) }
	}
	return &Engine{p: p}
}

// db is the transactional client in ctx when there is one.
func (e *Engine) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return e.p.DB
}

// systemCtx is the engine's viewer for a tenant's job.
func systemCtx(ctx context.Context, tenantID int) context.Context {
	return viewer.System(ctx, "push", tenantID)
}
