// Package worker runs the bridge's background jobs on asynq: task types,
// enqueueing (only after the enqueuing transaction commits), the server with
// its queues, and the handlers that drive the engines in the subpackages.
package worker

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/hibiken/asynq"
)

// Queues, by priority. Weighted, so low never starves.
const (
	QueueCritical = "critical"
	QueueDefault  = "default"
	QueueLow      = "low"
)

// Task types.
const (
	// TypeOAImport applies a large OA directory import (a SyncRun of kind oa_import).
	TypeOAImport = "directory:oa_import"
	// TypeIMPull mirrors a corp's IM directory (a SyncRun of kind im_pull).
	TypeIMPull = "directory:im_pull"
	// TypeScheduledPull starts a pull from a sync profile's schedule.
	TypeScheduledPull = "directory:scheduled_pull"
)

// RunPayload identifies the SyncRun a task works on. The run row holds the
// input, so the task stays small and a retried task sees the same input.
type RunPayload struct {
	TenantID int `json:"tenantId"`
	RunID    int `json:"runId"`
}

func newRunTask(typ string, p RunPayload) (*asynq.Task, error) {
	data, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return asynq.NewTask(typ, data), nil
}

func parseRunPayload(t *asynq.Task) (RunPayload, error) {
	var p RunPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.RunID == 0 || p.TenantID == 0 {
		return p, fmt.Errorf("bad %s payload %q: %v: %w", t.Type(), t.Payload(), err, asynq.SkipRetry)
	}
	return p, nil
}

// runTaskID makes one task per run: a duplicate enqueue is refused by asynq.
func runTaskID(runID int) string { return "run-" + strconv.Itoa(runID) }

// retention keeps finished tasks (and their results) visible to operators.
const retention = 7 * 24 * time.Hour
