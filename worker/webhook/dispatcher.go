package webhook

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"

	"imbridge/ent"
	"imbridge/ent/audit"
	"imbridge/ent/predicate"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/ent/webhookdelivery"
	"imbridge/ent/webhookendpoint"
)

// DispatcherParams configure a Dispatcher.
type DispatcherParams struct {
	DB     *ent.Client
	Sender *Sender
	Logger *slog.Logger
	Retry  RetryPolicy
	// Interval is how often the table is polled for due deliveries
	// (default 1 s); Notify wakes the dispatcher earlier.
	Interval time.Duration
	// Batch is how many due deliveries one pass takes (default 100).
	Batch int
	// Concurrency bounds attempts in flight (default 8), PerEndpoint those
	// to one endpoint (default 4).
	Concurrency, PerEndpoint int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Dispatcher delivers due WebhookDeliveries. Several processes may run one
// on the same database: a delivery is taken with a lease (a conditional
// update), so one attempt runs at a time, and a delivery whose worker died
// is taken over when its lease ends.
//
// Ordering: a delivery is due only when no earlier delivery (lower
// sequence) of the same endpoint and subject is still pending or failed,
// so a later change never overtakes an earlier one; a dead delivery does
// not hold the ones after it (the receiver sees the gap in the sequence).
//
// A receiver that is down is probed, not flooded: after a failure that
// says so (no answer, 429, 502, 503, 504) the endpoint rests for the
// failed delivery's wait (at most a minute) before this dispatcher sends
// it anything else.
type Dispatcher struct {
	p      DispatcherParams
	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}

	mu   sync.Mutex
	rest map[int]time.Time // endpoint → resting until
}

// NewDispatcher returns a Dispatcher; Start runs it.
func NewDispatcher(p DispatcherParams) *Dispatcher {
	if p.Logger == nil {
		p.Logger = slog.Default()
	}
	if p.Interval <= 0 {
		p.Interval = time.Second
	}
	if p.Batch <= 0 {
		p.Batch = 100
	}
	if p.Concurrency <= 0 {
		p.Concurrency = 8
	}
	if p.PerEndpoint <= 0 {
		p.PerEndpoint = 4
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	p.Retry = p.Retry.withDefaults()
	return &Dispatcher{p: p, wake: make(chan struct{}, 1), done: make(chan struct{}), rest: map[int]time.Time{}}
}

// Start polls in the background until Stop.
func (d *Dispatcher) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	go func() {
		defer close(d.done)
		t := time.NewTicker(d.p.Interval)
		defer t.Stop()
		for {
			d.drain(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			case <-d.wake:
			}
		}
	}()
}

// Stop ends polling and waits for the attempts in flight (bounded by the
// sender's timeout).
func (d *Dispatcher) Stop() {
	if d.cancel != nil {
		d.cancel()
		<-d.done
	}
}

// Notify wakes the dispatcher: something was queued.
func (d *Dispatcher) Notify() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// drain runs passes while they find work: the successor of a delivered
// event becomes due at once.
func (d *Dispatcher) drain(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := d.RunOnce(ctx)
		if err != nil {
			if ctx.Err() == nil {
				d.p.Logger.Warn("webhook dispatcher: a pass failed", "err", err)
			}
			return
		}
		if n == 0 {
			return
		}
	}
}

// maintenance is the context of the dispatcher's own reads and leases: it
// looks across tenants, as the job sweeper does.
func maintenance(ctx context.Context) context.Context {
	return privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "webhook-dispatcher"}), privacy.Allow)
}

// RunOnce makes one pass: it takes up to Batch due deliveries and attempts
// them, and reports how many it attempted.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	now := d.p.Now()
	due, err := d.p.DB.WebhookDelivery.Query().
		Where(
			webhookdelivery.StatusIn(webhookdelivery.StatusPending, webhookdelivery.StatusFailed),
			webhookdelivery.NextAttemptAtLTE(now),
			webhookdelivery.Or(webhookdelivery.LeaseUntilIsNil(), webhookdelivery.LeaseUntilLTE(now)),
			webhookdelivery.HasEndpointWith(webhookendpoint.Enabled(true)),
			noEarlierOpen(),
		).
		WithEndpoint().
		Order(ent.Asc(webhookdelivery.FieldNextAttemptAt), ent.Asc(webhookdelivery.FieldID)).
		Limit(d.p.Batch).
		All(maintenance(ctx))
	if err != nil {
		return 0, fmt.Errorf("listing due webhook deliveries: %w", err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		n     int
		slots = make(chan struct{}, d.p.Concurrency)
		per   = map[int]chan struct{}{}
	)
	for _, del := range due {
		if d.resting(del.EndpointID, now) {
			continue
		}
		ep := per[del.EndpointID]
		if ep == nil {
			ep = make(chan struct{}, d.p.PerEndpoint)
			per[del.EndpointID] = ep
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ep <- struct{}{}
			defer func() { <-ep }()
			slots <- struct{}{}
			defer func() { <-slots }()
			if ctx.Err() != nil || d.resting(del.EndpointID, d.p.Now()) {
				return
			}
			if d.attempt(ctx, del) {
				mu.Lock()
				n++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return n, nil
}

// noEarlierOpen: no delivery of the same endpoint and subject with a lower
// sequence is still pending or failed.
func noEarlierOpen() predicate.WebhookDelivery {
	return func(s *sql.Selector) {
		e := sql.Table(webhookdelivery.Table).As("earlier")
		s.Where(sql.Or(
			sql.IsNull(s.C(webhookdelivery.FieldSubject)),
			sql.EQ(s.C(webhookdelivery.FieldSubject), ""),
			sql.NotExists(sql.Select(e.C(webhookdelivery.FieldID)).From(e).Where(sql.And(
				sql.ColumnsEQ(e.C(webhookdelivery.FieldEndpointID), s.C(webhookdelivery.FieldEndpointID)),
				sql.ColumnsEQ(e.C(webhookdelivery.FieldSubject), s.C(webhookdelivery.FieldSubject)),
				sql.ColumnsLT(e.C(webhookdelivery.FieldSequence), s.C(webhookdelivery.FieldSequence)),
				sql.In(e.C(webhookdelivery.FieldStatus), string(webhookdelivery.StatusPending), string(webhookdelivery.StatusFailed)),
			))),
		))
	}
}

// attempt leases one delivery, sends it and records the outcome. It
// reports whether it made the attempt (another dispatcher may have taken
// the delivery first).
func (d *Dispatcher) attempt(ctx context.Context, del *ent.WebhookDelivery) bool {
	now := d.p.Now()
	lease := now.Add(2*d.p.Sender.timeout() + 30*time.Second)
	mctx := maintenance(context.WithoutCancel(ctx))
	taken, err := d.p.DB.WebhookDelivery.Update().
		Where(
			webhookdelivery.ID(del.ID),
			webhookdelivery.StatusIn(webhookdelivery.StatusPending, webhookdelivery.StatusFailed),
			webhookdelivery.Or(webhookdelivery.LeaseUntilIsNil(), webhookdelivery.LeaseUntilLTE(now)),
		).
		SetLeaseUntil(lease).
		Save(mctx)
	if err != nil || taken == 0 {
		if err != nil {
			d.p.Logger.Warn("webhook dispatcher: leasing a delivery", "delivery", del.ID, "err", err)
		}
		return false
	}
	res := d.p.Sender.Send(ctx, del.Edges.Endpoint, del.EventID, del.Type, []byte(del.Payload))
	if ctx.Err() != nil && res.Outcome != Delivered {
		// The worker is stopping: the attempt was cut short, not answered.
		// Give the delivery back without counting it.
		if err := d.p.DB.WebhookDelivery.UpdateOneID(del.ID).ClearLeaseUntil().Exec(mctx); err != nil {
			d.p.Logger.Warn("webhook dispatcher: releasing a delivery", "delivery", del.ID, "err", err)
		}
		return false
	}
	d.record(mctx, del, res)
	return true
}

// record stores an attempt's outcome, unless the delivery changed
// meanwhile: another dispatcher that took it over when the lease ended
// recorded first, or an admin replayed it. The guard compares counters, not
// the lease's time, which the databases store at different precisions.
func (d *Dispatcher) record(ctx context.Context, del *ent.WebhookDelivery, res Result) {
	now := d.p.Now()
	attempts := del.Attempts + 1
	u := d.p.DB.WebhookDelivery.Update().
		Where(webhookdelivery.ID(del.ID), webhookdelivery.Attempts(del.Attempts), webhookdelivery.Replays(del.Replays),
			webhookdelivery.StatusIn(webhookdelivery.StatusPending, webhookdelivery.StatusFailed)).
		SetAttempts(attempts).SetLastAttemptAt(now).ClearLeaseUntil()
	if res.Status != 0 {
		u.SetLastHTTPStatus(res.Status)
	} else {
		u.ClearLastHTTPStatus()
	}
	var dead string
	switch {
	case res.Outcome == Delivered:
		u.SetStatus(webhookdelivery.StatusDelivered).SetDeliveredAt(now).ClearNextAttemptAt().ClearLastError()
	case res.Outcome == Refused:
		dead = res.Error
	case attempts >= d.p.Retry.MaxAttempts:
		dead = fmt.Sprintf("%s (gave up after %d attempts)", res.Error, attempts)
	default:
		wait := d.p.Retry.Delay(attempts, res.RetryAfter)
		u.SetStatus(webhookdelivery.StatusFailed).SetNextAttemptAt(now.Add(wait)).SetLastError(res.Error)
		if res.Status == 0 || res.Status == 429 || res.Status == 502 || res.Status == 503 || res.Status == 504 {
			d.restEndpoint(del.EndpointID, now.Add(min(wait, time.Minute)))
		}
	}
	if dead != "" {
		u.SetStatus(webhookdelivery.StatusDead).ClearNextAttemptAt().SetLastError(dead)
	}
	n, err := u.Save(ctx)
	if err != nil {
		d.p.Logger.Warn("webhook dispatcher: recording an attempt", "delivery", del.ID, "err", err)
		return
	}
	if n == 0 || dead == "" {
		return
	}
	d.p.Logger.Warn("webhook delivery is dead", "delivery", del.ID, "endpoint", del.EndpointID, "type", del.Type, "status", res.Status, "attempts", attempts)
	tctx := viewer.System(ctx, "webhook-dispatcher", del.TenantID)
	if err := audit.Record(tctx, d.p.DB, audit.Entry{
		Action: "job.webhook_dead", TargetType: "WebhookDelivery", TargetID: fmt.Sprint(del.ID), Failed: true,
		Summary: fmt.Sprintf("%s event %s to endpoint %d is dead after %d attempts: %s", del.Type, del.EventID, del.EndpointID, attempts, dead),
	}); err != nil {
		d.p.Logger.Warn("webhook dispatcher: auditing a dead delivery", "delivery", del.ID, "err", err)
	}
}

func (d *Dispatcher) resting(endpoint int, now time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	until, ok := d.rest[endpoint]
	if ok && !now.Before(until) {
		delete(d.rest, endpoint)
		return false
	}
	return ok
}

func (d *Dispatcher) restEndpoint(endpoint int, until time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if until.After(d.rest[endpoint]) {
		d.rest[endpoint] = until
	}
}
