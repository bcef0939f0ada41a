package worker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hibiken/asynq"
)

// QueueStats counts a queue's jobs by state.
type QueueStats struct {
	Name                                                   string
	Pending, Active, Scheduled, Retry, Archived, Completed int
	ProcessedToday, FailedToday                            int
}

// ArchivedJob is a job that failed all its retries.
type ArchivedJob struct {
	ID, Queue, Type, LastError string
	Retried                    int
	LastFailedAt               time.Time
}

// Queues is the installation's queues, by priority.
var Queues = []string{QueueCritical, QueueDefault, QueueLow}

// ErrUnknownQueue is returned for a queue name that is not one of Queues.
var ErrUnknownQueue = errors.New("unknown queue (want critical, default or low)")

func (c *Client) queueName(name string) (string, error) {
	for _, q := range Queues {
		if q == name {
			return c.broker.Queue(q), nil
		}
	}
	return "", ErrUnknownQueue
}

// QueueStats returns the counts of every queue.
func (c *Client) QueueStats(context.Context) ([]QueueStats, error) {
	existing, err := c.inspector.Queues()
	if err != nil {
		return nil, fmt.Errorf("listing queues: %w", err)
	}
	var out []QueueStats
	for _, q := range Queues {
		if !slices.Contains(existing, c.broker.Queue(q)) {
			out = append(out, QueueStats{Name: q}) // nothing was ever enqueued there
			continue
		}
		info, err := c.inspector.GetQueueInfo(c.broker.Queue(q))
		if err != nil {
			return nil, fmt.Errorf("reading queue %s: %w", q, err)
		}
		out = append(out, QueueStats{
			Name: q, Pending: info.Pending, Active: info.Active, Scheduled: info.Scheduled, Retry: info.Retry,
			Archived: info.Archived, Completed: info.Completed, ProcessedToday: info.Processed, FailedToday: info.Failed,
		})
	}
	return out, nil
}

// ArchivedJobs lists up to n archived jobs of a queue.
func (c *Client) ArchivedJobs(_ context.Context, queue string, n int) ([]ArchivedJob, error) {
	qn, err := c.queueName(queue)
	if err != nil {
		return nil, err
	}
	existing, err := c.inspector.Queues()
	if err != nil || !slices.Contains(existing, qn) {
		return nil, err
	}
	tasks, err := c.inspector.ListArchivedTasks(qn, asynq.PageSize(n))
	if err != nil {
		return nil, err
	}
	out := make([]ArchivedJob, 0, len(tasks))
	for _, t := range tasks {
		out = append(out, archivedJob(queue, t))
	}
	return out, nil
}

// RetryArchivedJob queues an archived job to run again.
func (c *Client) RetryArchivedJob(_ context.Context, queue, id string) (ArchivedJob, error) {
	qn, err := c.queueName(queue)
	if err != nil {
		return ArchivedJob{}, err
	}
	info, err := c.inspector.GetTaskInfo(qn, id)
	if err != nil {
		return ArchivedJob{}, err
	}
	if info.State != asynq.TaskStateArchived {
		return ArchivedJob{}, fmt.Errorf("job %s is %s, not archived", id, info.State)
	}
	if err := c.inspector.RunTask(qn, id); err != nil {
		return ArchivedJob{}, err
	}
	return archivedJob(queue, info), nil
}

func archivedJob(queue string, t *asynq.TaskInfo) ArchivedJob {
	return ArchivedJob{ID: t.ID, Queue: queue, Type: t.Type, LastError: strings.TrimSpace(t.LastErr), Retried: t.Retried, LastFailedAt: t.LastFailedAt}
}
