package worker

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent/app"
)

// ApprovalCheckSpec is how often each app's approval-center instances are
// compared with the platform and repaired (push.Engine.CheckApprovals).
const ApprovalCheckSpec = "@every 10m"

// approvalConfigs are the periodic drift checks: one per app that created
// an approval definition (so has instances to check).
func (p scheduleProvider) approvalConfigs(ctx context.Context) ([]*asynq.PeriodicTaskConfig, error) {
	apps, err := p.db.App.Query().Where(app.ApprovalDefinitionCodeNEQ("")).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*asynq.PeriodicTaskConfig
	for _, a := range apps {
		data, _ := json.Marshal(pushPayload{TenantID: a.TenantID, AppID: a.ID})
		out = append(out, &asynq.PeriodicTaskConfig{Cronspec: ApprovalCheckSpec, Task: asynq.NewTask(TypePushApprovalCheck, data),
			// Every worker runs a scheduler: one tick, one task.
			Opts: []asynq.Option{asynq.Queue(p.broker.Queue(QueueLow)), asynq.Unique(5 * time.Minute), asynq.MaxRetry(1)}})
	}
	return out, nil
}
