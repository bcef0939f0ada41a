package worker

import (
	"context"
	"log/slog"
	"time"

	"imbridge/ent"
	"imbridge/ent/privacy"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
)

// sweeper re-enqueues runs whose task is gone: the enqueue after a commit
// can fail if Redis is briefly away, and an embedded Redis loses its queues
// on restart, so a run can be left queued, or running with nobody working on
// it (it then resumes from its checkpoint). Task ids are the run ids, so a
// run that still has a task is never enqueued twice.
type sweeper struct {
	p      sweeperParams
	cancel context.CancelFunc
	done   chan struct{}
}

type sweeperParams struct {
	DB       *ent.Client
	Client   *Client
	Logger   *slog.Logger
	Interval time.Duration
}

func newSweeper(p sweeperParams) *sweeper { return &sweeper{p: p, done: make(chan struct{})} }

func (s *sweeper) start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() {
		defer close(s.done)
		t := time.NewTicker(s.p.Interval)
		defer t.Stop()
		s.sweep(ctx)
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				s.sweep(ctx)
			}
		}
	}()
}

func (s *sweeper) stop() {
	if s.cancel != nil {
		s.cancel()
		<-s.done
	}
}

// sweep looks across all tenants: it is maintenance, not a tenant's action.
func (s *sweeper) sweep(ctx context.Context) {
	ctx = privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "sweeper"}), privacy.Allow)
	runs, err := s.p.DB.SyncRun.Query().
		Where(syncrun.StatusIn(syncrun.StatusQueued, syncrun.StatusRunning), syncrun.UpdatedAtLT(time.Now().Add(-s.p.Interval))).
		Limit(100).All(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.p.Logger.Warn("sweeper: listing queued runs", "err", err)
		}
		return
	}
	for _, r := range runs {
		typ, ok := runTaskType[r.Kind]
		if !ok || s.p.Client.hasTask(QueueDefault, r.ID) {
			continue
		}
		s.p.Logger.Info("sweeper: re-enqueueing a run whose task is gone", "run", r.ID, "status", r.Status)
		if err := s.p.Client.EnqueueRun(ctx, typ, QueueDefault, RunPayload{TenantID: r.TenantID, RunID: r.ID}); err != nil {
			s.p.Logger.Warn("sweeper: re-enqueue", "run", r.ID, "err", err)
		}
	}
}

// runTaskType maps run kinds to the task that executes them.
var runTaskType = map[syncrun.Kind]string{
	syncrun.KindOaImport: TypeOAImport,
	syncrun.KindImPull:   TypeIMPull,
	syncrun.KindOaToIm:   TypeSync,
	syncrun.KindImToOa:   TypeSync,
}
