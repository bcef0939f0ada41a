package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/worker/oaimport"
	"imbridge/worker/orgsync"
)

// TypeScheduledSync starts a sync run from a profile's schedule: a sync in
// the profile's direction (oa_to_im_schedule / im_to_oa_schedule), or the
// daily offboarding that deletes users disabled delete_after_days ago
// (禁用用户几天后删除, issue 8 item 9).
const TypeScheduledSync = "directory:scheduled_sync"

// offboardingSpec is when the daily offboarding runs.
const offboardingSpec = "@daily"

type scheduledSync struct {
	TenantID int             `json:"tenantId"`
	CorpID   int             `json:"corpId"`
	Kind     syncrun.Kind    `json:"kind"`
	Purpose  syncrun.Purpose `json:"purpose"`
}

// syncConfigs are the periodic tasks of the sync profiles: each profile's
// schedule for its own direction, and the daily offboarding of profiles
// that delete disabled users.
func (p scheduleProvider) syncConfigs(ctx context.Context) ([]*asynq.PeriodicTaskConfig, error) {
	profiles, err := p.db.SyncProfile.Query().Where(syncprofile.ModeIn(syncprofile.ModeOaToIm, syncprofile.ModeImToOa)).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*asynq.PeriodicTaskConfig
	add := func(spec string, s scheduledSync) {
		data, _ := json.Marshal(s)
		out = append(out, &asynq.PeriodicTaskConfig{Cronspec: spec, Task: asynq.NewTask(TypeScheduledSync, data),
			Opts: []asynq.Option{asynq.Queue(p.broker.Queue(QueueLow)), asynq.Unique(30 * time.Second), asynq.MaxRetry(1)}})
	}
	for _, pr := range profiles {
		kind := syncrun.Kind(pr.Mode)
		spec := pr.OaToImSchedule
		if kind == syncrun.KindImToOa {
			spec = pr.ImToOaSchedule
		}
		if spec != "" {
			add(spec, scheduledSync{TenantID: pr.TenantID, CorpID: pr.CorpID, Kind: kind, Purpose: syncrun.PurposeSync})
		}
		if pr.DeleteAfterDays > 0 {
			add(offboardingSpec, scheduledSync{TenantID: pr.TenantID, CorpID: pr.CorpID, Kind: kind, Purpose: syncrun.PurposeOffboarding})
		}
	}
	return out, nil
}

// scheduledSync starts the run unless the corp has a writing run going (the
// next tick tries again).
func (s *Server) scheduledSync(ctx context.Context, t *asynq.Task) error {
	var p scheduledSync
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.TenantID == 0 || p.CorpID == 0 {
		return fmt.Errorf("bad scheduled sync payload: %w", asynq.SkipRetry)
	}
	ctx = viewer.System(ctx, "scheduler", p.TenantID)
	return s.StartSync(ctx, orgsync.Request{CorpID: p.CorpID, Kind: p.Kind, Purpose: p.Purpose, Trigger: syncrun.TriggerSchedule, By: "scheduler"})
}

// StartSync creates a sync run and enqueues it; a corp busy with another
// writing run is not an error (the run is skipped, and said so in the log).
func (s *Server) StartSync(ctx context.Context, r orgsync.Request) error {
	run, err := orgsync.Create(ctx, s.p.DB, r)
	var busy *orgsync.StateError
	if errors.As(err, &busy) {
		s.p.Logger.Info("sync not started", "corp", r.CorpID, "purpose", r.Purpose, "why", busy.Msg)
		return nil
	}
	if err != nil {
		return err
	}
	return s.p.Client.EnqueueRun(ctx, TypeSync, QueueDefault, RunPayload{TenantID: run.TenantID, RunID: run.ID})
}

// ImportKeys are the OA keys an import touched (its departments and users).
func ImportKeys(in oaimport.Input) []string {
	keys := make([]string, 0, len(in.Departments)+len(in.Users))
	for _, d := range in.Departments {
		keys = append(keys, d.ExternalID)
	}
	for _, u := range in.Users {
		keys = append(keys, u.ExternalID)
	}
	return keys
}

// syncAfterImport starts the small oa_to_im runs of an import job that was
// not complete.
func (s *Server) syncAfterImport(ctx context.Context, in oaimport.Input, by string) {
	if in.Complete {
		return
	}
	runs, err := orgsync.CreateIncremental(ctx, s.p.DB, syncprofile.ModeOaToIm, 0, ImportKeys(in), syncrun.TriggerEvent, by)
	for _, run := range runs {
		if err := s.p.Client.EnqueueRun(ctx, TypeSync, QueueDefault, RunPayload{TenantID: run.TenantID, RunID: run.ID}); err != nil {
			s.p.Logger.Warn("enqueueing an incremental sync", "run", run.ID, "err", err)
		}
	}
	if err != nil {
		s.p.Logger.Warn("starting incremental syncs after an import", "err", err)
	}
}

// syncAfterEvent starts the small im_to_oa run a contact event calls for.
func (s *Server) syncAfterEvent(ctx context.Context, corpID int, key string) {
	runs, err := orgsync.CreateIncremental(ctx, s.p.DB, syncprofile.ModeImToOa, corpID, []string{key}, syncrun.TriggerEvent, "feishu-event")
	for _, run := range runs {
		if err := s.p.Client.EnqueueRun(ctx, TypeSync, QueueDefault, RunPayload{TenantID: run.TenantID, RunID: run.ID}); err != nil {
			s.p.Logger.Warn("enqueueing an incremental sync", "run", run.ID, "err", err)
		}
	}
	if err != nil {
		s.p.Logger.Warn("starting an incremental sync after an event", "err", err)
	}
}
