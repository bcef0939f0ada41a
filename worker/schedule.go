package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/ent/privacy"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
)

// schedulePayload names the corp whose pull is due.
type schedulePayload struct {
	TenantID int `json:"tenantId"`
	CorpID   int `json:"corpId"`
}

// scheduleProvider turns sync profiles with a schedule into periodic tasks.
// asynq's PeriodicTaskManager re-reads it every sync interval, so schedule
// changes apply without a restart.
type scheduleProvider struct {
	db     *ent.Client
	broker interface{ Queue(string) string }
}

func (p scheduleProvider) GetConfigs() ([]*asynq.PeriodicTaskConfig, error) {
	ctx := privacy.DecisionContext(viewer.NewContext(context.Background(), &viewer.Viewer{Kind: viewer.KindSystem, Name: "scheduler"}), privacy.Allow)
	profiles, err := p.db.SyncProfile.Query().Where(syncprofile.ScheduleNEQ("")).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*asynq.PeriodicTaskConfig
	for _, pr := range profiles {
		data, _ := json.Marshal(schedulePayload{TenantID: pr.TenantID, CorpID: pr.CorpID})
		out = append(out, &asynq.PeriodicTaskConfig{
			Cronspec: pr.Schedule,
			Task:     asynq.NewTask(TypeScheduledPull, data),
			// Every worker process runs a scheduler; the unique lock makes
			// one tick enqueue one task.
			Opts: []asynq.Option{asynq.Queue(p.broker.Queue(QueueLow)), asynq.Unique(30 * time.Second), asynq.MaxRetry(1)},
		})
	}
	out = append(out, broadcastConfigs(p.broker)...)
	syncs, err := p.syncConfigs(ctx)
	if err != nil {
		return nil, err
	}
	approvals, err := p.approvalConfigs(ctx)
	return append(append(out, syncs...), approvals...), err
}

// scheduledPull starts a pull unless one is already queued or running.
func (s *Server) scheduledPull(ctx context.Context, t *asynq.Task) error {
	var p schedulePayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.TenantID == 0 || p.CorpID == 0 {
		return fmt.Errorf("bad scheduled pull payload: %w", asynq.SkipRetry)
	}
	ctx = viewer.System(ctx, "scheduler", p.TenantID)
	run, created, err := StartPull(ctx, s.p.DB, p.CorpID, syncrun.TriggerSchedule, "scheduler")
	if err != nil || !created {
		return err
	}
	return s.p.Client.EnqueueRun(ctx, TypeIMPull, QueueDefault, RunPayload{TenantID: run.TenantID, RunID: run.ID})
}

// StartPull returns the corp's pull that is queued or running, or creates a
// queued one (created = true). The caller enqueues it.
func StartPull(ctx context.Context, db *ent.Client, corpID int, trigger syncrun.Trigger, by string) (*ent.SyncRun, bool, error) {
	active, err := db.SyncRun.Query().
		Where(syncrun.CorpID(corpID), syncrun.KindEQ(syncrun.KindImPull), syncrun.StatusIn(syncrun.StatusQueued, syncrun.StatusRunning)).
		Order(ent.Desc(syncrun.FieldID)).First(ctx)
	if err == nil {
		return active, false, nil
	}
	if !ent.IsNotFound(err) {
		return nil, false, err
	}
	run, err := db.SyncRun.Create().SetCorpID(corpID).SetKind(syncrun.KindImPull).SetTrigger(trigger).SetCreatedBy(by).Save(ctx)
	return run, err == nil, err
}
