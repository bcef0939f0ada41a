package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	entbroadcast "imbridge/ent/broadcast"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/platform"
	"imbridge/platform/appclient"
	"imbridge/platform/volcano"
	"imbridge/platform/wecom/callback"
	"imbridge/worker/broadcast"
)

// Broadcast jobs (issue 12): the periodic refresh of unsettled broadcasts
// (callbacks can be lost, and WeCom sends none for 已过期) and the Volcano
// status callback, applied here because Volcano waits only 5 s.
const (
	TypeBroadcastRefresh = "broadcast:refresh"
	TypeVolcanoEvent     = "volcano:event"
)

// BroadcastRefreshSpec is how often reserved and live broadcasts are read
// again from their platform.
const BroadcastRefreshSpec = "@every 1m"

// NewBroadcastService is the broadcast engine on the database and the
// platform clients: the API and the worker build it the same way.
func NewBroadcastService(db *ent.Client, platforms *appclient.Factory) *broadcast.Service {
	return &broadcast.Service{
		Store:   &broadcast.EntStore{DB: db},
		Anchors: broadcast.EntAnchors{DB: db},
		Live: func(ctx context.Context, provider, corpID, appID string) (platform.Live, error) {
			return LiveClient(ctx, db, platforms, provider, corpID, appID)
		},
	}
}

// LiveClient builds the provider's client for a corp's app, read in the
// context's tenant.
func LiveClient(ctx context.Context, db *ent.Client, platforms *appclient.Factory, provider, corpID, appID string) (platform.Live, error) {
	cid, err1 := strconv.Atoi(corpID)
	aid, err2 := strconv.Atoi(appID)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("broadcast: bad corp %q or app %q", corpID, appID)
	}
	if tx := ent.FromContext(ctx); tx != nil {
		db = tx
	}
	c, err := db.Corp.Get(ctx, cid)
	if err != nil {
		return nil, err
	}
	a, err := db.App.Get(ctx, aid)
	if err != nil {
		return nil, err
	}
	return platforms.Live(a, c, provider)
}

// broadcastConfigs is the one periodic refresh task.
func broadcastConfigs(broker interface{ Queue(string) string }) []*asynq.PeriodicTaskConfig {
	return []*asynq.PeriodicTaskConfig{{Cronspec: BroadcastRefreshSpec, Task: asynq.NewTask(TypeBroadcastRefresh, nil),
		Opts: []asynq.Option{asynq.Queue(broker.Queue(QueueLow)), asynq.Unique(50 * time.Second), asynq.MaxRetry(0)}}}
}

// broadcastRefresh refreshes every tenant's unsettled broadcasts, each
// tenant in its own system context; one failing broadcast or tenant does
// not stop the others (the next tick tries again).
func (s *Server) broadcastRefresh(ctx context.Context, _ *asynq.Task) error {
	all := privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "broadcast-refresh"}), privacy.Allow)
	var tenants []int
	err := s.p.DB.Broadcast.Query().Where(entbroadcast.Or(
		entbroadcast.StatusIn(entbroadcast.StatusRESERVED, entbroadcast.StatusLIVE),
		entbroadcast.And(entbroadcast.StatusEQ(entbroadcast.StatusENDED), entbroadcast.ReplayStatusEQ(entbroadcast.ReplayStatusGENERATING)),
	)).Unique(true).Select(entbroadcast.FieldTenantID).Scan(all, &tenants)
	if err != nil {
		return err
	}
	svc := NewBroadcastService(s.p.DB, s.p.Platforms)
	for _, t := range tenants {
		n, err := svc.RefreshUnsettled(viewer.System(ctx, "broadcast-refresh", t))
		if err != nil {
			s.p.Logger.Warn("broadcast refresh", "tenant", t, "refreshed", n, "err", err)
		}
	}
	return nil
}

// volcanoEventPayload is a verified Volcano status callback.
type volcanoEventPayload struct {
	TenantID   int    `json:"tenantId"`
	CorpID     int    `json:"corpId"`
	ActivityID string `json:"activityId"`
	Status     int    `json:"status"`
	Timestamp  int64  `json:"timestamp"`
}

// EnqueueVolcanoEvent queues a verified status callback; the same event
// delivered again (Volcano retries twice) is one task.
func (c *Client) EnqueueVolcanoEvent(ctx context.Context, tenantID, corpID int, ev volcano.StatusEvent) error {
	if !broadcast.KnownVolcanoEvent(ev) {
		return nil // answered and dropped: no job (nor a 5000-character task id) for it
	}
	data, err := json.Marshal(volcanoEventPayload{TenantID: tenantID, CorpID: corpID, ActivityID: ev.ActivityID, Status: ev.Status, Timestamp: ev.Timestamp.Unix()})
	if err != nil {
		return err
	}
	_, err = c.asynq.EnqueueContext(ctx, asynq.NewTask(TypeVolcanoEvent, data), asynq.Queue(c.broker.Queue(QueueCritical)),
		asynq.TaskID(fmt.Sprintf("volcano-evt-%d-%s-%d-%d", corpID, ev.ActivityID, ev.Status, ev.Timestamp.Unix())),
		asynq.MaxRetry(8), asynq.Retention(retention))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	return err
}

func (s *Server) volcanoEvent(ctx context.Context, t *asynq.Task) error {
	var p volcanoEventPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.TenantID == 0 {
		return fmt.Errorf("bad volcano event payload: %w", asynq.SkipRetry)
	}
	ctx = viewer.System(ctx, "volcano-event", p.TenantID)
	err := NewBroadcastService(s.p.DB, s.p.Platforms).ApplyVolcanoEvent(ctx, volcano.StatusEvent{ActivityID: p.ActivityID, Status: p.Status, Timestamp: unixOrZero(p.Timestamp)})
	return skipPermanent("volcano event "+p.ActivityID, err)
}

// unixOrZero: a payload queued without a timestamp is undated, not 1970.
func unixOrZero(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0)
}

// livingStatusChange applies WeCom's living_status_change to the
// broadcast it names.
func (s *Server) livingStatusChange(ctx context.Context, p wecomEventPayload) error {
	ctx = viewer.System(ctx, "wecom-event", p.TenantID)
	_, err := NewBroadcastService(s.p.DB, s.p.Platforms).ApplyWeComEvent(ctx,
		callback.Event{ID: p.EventID, Event: p.Event, LivingID: p.LivingID, Status: p.Status})
	return skipPermanent("living_status_change "+p.LivingID, err)
}

// skipPermanent ends a task whose error another try cannot fix: a
// broadcast the bridge does not know (created elsewhere) or a permanent
// platform refusal.
func skipPermanent(what string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, broadcast.ErrNotFound) || errors.Is(err, broadcast.ErrUnknownEvent) || !platform.ClassOf(err).Retryable() {
		return fmt.Errorf("%s: %w: %w", what, err, asynq.SkipRetry)
	}
	return err
}
