package worker

import (
	"context"
	"errors"
	"fmt"

	"github.com/hibiken/asynq"
)

// Sync task types (issue 8).
const (
	// TypeSync plans a sync run (oa_to_im / im_to_oa) and, unless it is a
	// dry run or the deletion brake stops it, applies the plan.
	TypeSync = "directory:sync"
	// TypeSyncApply applies the stored plan of an approved run.
	TypeSyncApply = "directory:sync_apply"
)

// EnqueueSyncApply enqueues the apply of an approved run. Its task id
// differs from the run's planning task (which asynq keeps for a week), so
// the approval is not mistaken for a duplicate.
func (c *Client) EnqueueSyncApply(ctx context.Context, p RunPayload) error {
	t, err := newRunTask(TypeSyncApply, p)
	if err != nil {
		return err
	}
	_, err = c.asynq.EnqueueContext(ctx, t,
		asynq.Queue(c.broker.Queue(QueueDefault)),
		asynq.TaskID(fmt.Sprintf("apply-%d", p.RunID)),
		asynq.MaxRetry(5),
		asynq.Retention(retention),
	)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	return err
}
