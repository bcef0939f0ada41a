package progress

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"imbridge/worker/broker"
)

// subscriberBuffer is how many events a slow subscriber may lag behind
// before events are dropped for it. Progress is a stream of snapshots, so a
// dropped one is superseded by the next.
const subscriberBuffer = 16

// Hub holds the process's single pattern subscription to progress channels
// and fans events out to local subscribers, so N GraphQL subscriptions cost
// one Redis subscription.
type Hub struct {
	broker *broker.Broker
	log    *slog.Logger

	mu   sync.Mutex
	subs map[int]map[*subscriber]struct{}

	cancel context.CancelFunc
	done   chan struct{}
}

type subscriber struct {
	tenantID int
	ch       chan Event
}

// HubParams configures a Hub.
type HubParams struct {
	Broker *broker.Broker
	Logger *slog.Logger
}

// NewHub returns a Hub; call Start before Subscribe.
func NewHub(p HubParams) *Hub {
	log := p.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Hub{broker: p.Broker, log: log, subs: map[int]map[*subscriber]struct{}{}, done: make(chan struct{})}
}

// Start subscribes to Redis and begins dispatching. It returns once the
// subscription is confirmed, so no event published afterwards is missed.
func (h *Hub) Start(ctx context.Context) error {
	ctx, h.cancel = context.WithCancel(ctx)
	ps := h.broker.Client.PSubscribe(ctx, h.broker.Key("progress", "*"))
	if _, err := ps.Receive(ctx); err != nil {
		ps.Close()
		return err
	}
	go func() {
		defer close(h.done)
		defer ps.Close()
		ch := ps.Channel()
		for {
			select {
			case <-ctx.Done():
				return
			case msg, ok := <-ch:
				if !ok {
					return
				}
				h.dispatch(msg.Channel, msg.Payload)
			}
		}
	}()
	return nil
}

// Stop ends the subscription and closes every subscriber channel.
func (h *Hub) Stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	<-h.done
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, set := range h.subs {
		for s := range set {
			close(s.ch)
		}
		delete(h.subs, id)
	}
}

func (h *Hub) dispatch(channel, payload string) {
	var e Event
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		h.log.Warn("progress: bad event", "channel", channel, "err", err)
		return
	}
	if !strings.HasSuffix(channel, ":"+strconv.Itoa(e.RunID)) {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs[e.RunID] {
		if s.tenantID != e.TenantID {
			continue // runs are only ever shown inside their own tenant
		}
		select {
		case s.ch <- e:
		default: // slow subscriber: drop, the next snapshot supersedes it
		}
	}
}

// Subscribe returns the events of one run of one tenant, and a function that
// ends the subscription.
func (h *Hub) Subscribe(tenantID, runID int) (<-chan Event, func()) {
	s := &subscriber{tenantID: tenantID, ch: make(chan Event, subscriberBuffer)}
	h.mu.Lock()
	if h.subs[runID] == nil {
		h.subs[runID] = map[*subscriber]struct{}{}
	}
	h.subs[runID][s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			if set, ok := h.subs[runID]; ok {
				if _, ok := set[s]; ok {
					delete(set, s)
					close(s.ch)
				}
				if len(set) == 0 {
					delete(h.subs, runID)
				}
			}
		})
	}
}
