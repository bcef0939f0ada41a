package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/worker/broker"
)

// Client enqueues jobs.
type Client struct {
	asynq     *asynq.Client
	inspector *asynq.Inspector
	broker    *broker.Broker
}

// NewClient returns a Client on the broker's Redis connection.
func NewClient(b *broker.Broker) *Client {
	return &Client{asynq: asynq.NewClientFromRedisClient(b.Client), inspector: asynq.NewInspectorFromRedisClient(b.Client), broker: b}
}

// EnqueueRun enqueues the task working on a run. Enqueueing the same run twice
// is a no-op.
func (c *Client) EnqueueRun(ctx context.Context, typ, queue string, p RunPayload) error {
	t, err := newRunTask(typ, p)
	if err != nil {
		return err
	}
	_, err = c.asynq.EnqueueContext(ctx, t,
		asynq.Queue(c.broker.Queue(queue)),
		asynq.TaskID(runTaskID(p.RunID)),
		asynq.MaxRetry(5),
		asynq.Retention(retention),
	)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("enqueueing %s for run %d: %w", typ, p.RunID, err)
	}
	return nil
}

// EnqueueRunAfterCommit enqueues the task once the transaction in ctx commits
// (immediately when there is none): a rolled-back mutation must not leave a
// job behind, and a job must not start before its run row is visible.
func (c *Client) EnqueueRunAfterCommit(ctx context.Context, typ, queue string, p RunPayload) error {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		return c.EnqueueRun(ctx, typ, queue, p)
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(cctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(cctx, tx); err != nil {
				return err
			}
			// The run row is committed. If Redis refuses now, the run stays
			// queued and the sweeper re-enqueues it; the mutation succeeded.
			if err := c.EnqueueRun(context.WithoutCancel(cctx), typ, queue, p); err != nil {
				slog.Warn("enqueue after commit failed; the sweeper will retry", "run", p.RunID, "err", err)
			}
			return nil
		})
	})
	return nil
}

// Close releases the client.
func (c *Client) Close() error { return c.asynq.Close() }

// hasTask reports whether the run's task still exists in the queue (in any
// state). On a Redis error it answers true: better a run that waits for the
// next sweep than one enqueued twice.
func (c *Client) hasTask(queue string, runID int) bool {
	_, err := c.inspector.GetTaskInfo(c.broker.Queue(queue), runTaskID(runID))
	return err == nil || !(errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound))
}
