// Package progress carries live progress of jobs: handlers publish events on
// Redis pub/sub (and keep the latest one readable), and one Hub per process
// fans them out to GraphQL subscriptions.
package progress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/ent/detail"
	"imbridge/worker/broker"
)

// Event is the state of one run at one moment.
type Event struct {
	RunID    int `json:"runId"`
	TenantID int `json:"tenantId"`
	// CorpID and Kind say which runs a corp-wide listener wants
	// (Hub.SubscribeTenant); CorpID is 0 for OA imports.
	CorpID   int             `json:"corpId,omitempty"`
	Kind     string          `json:"kind,omitempty"`
	Status   string          `json:"status"`
	Phase    string          `json:"phase,omitempty"`
	Total    int             `json:"total"`
	Done     int             `json:"done"`
	Counters detail.Counters `json:"counters"`
	Error    string          `json:"error,omitempty"`
	At       time.Time       `json:"at"`
}

// Terminal reports whether the run has ended.
func (e Event) Terminal() bool { return Terminal(e.Status) }

// Terminal reports whether a run in this status has ended (for now:
// awaiting_approval waits for an admin). The one list every reader of run
// statuses uses.
func Terminal(status string) bool {
	switch status {
	case "succeeded", "succeeded_with_errors", "failed", "canceled", "awaiting_approval":
		return true
	}
	return false
}

// lastTTL keeps the latest event readable after the run, for late subscribers.
const lastTTL = 24 * time.Hour

func channel(b *broker.Broker, runID int) string { return b.Key("progress", strconv.Itoa(runID)) }
func lastKey(b *broker.Broker, runID int) string { return b.Key("progress-last", strconv.Itoa(runID)) }

// Publish stores e as the run's latest state and broadcasts it.
func Publish(ctx context.Context, b *broker.Broker, e Event) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = b.Client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, lastKey(b, e.RunID), data, lastTTL)
		p.Publish(ctx, channel(b, e.RunID), data)
		return nil
	})
	if err != nil {
		return fmt.Errorf("publishing progress of run %d: %w", e.RunID, err)
	}
	return nil
}

// Last returns the latest published state of a run, or nil if none.
func Last(ctx context.Context, b *broker.Broker, runID int) (*Event, error) {
	data, err := b.Client.Get(ctx, lastKey(b, runID)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var e Event
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, err
	}
	return &e, nil
}
