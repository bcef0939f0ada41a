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
	// tenants holds the listeners to every run of a tenant (SubscribeTenant).
	tenants map[int]map[*subscriber]struct{}

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
	return &Hub{broker: p.Broker, log: log, subs: map[int]map[*subscriber]struct{}{}, tenants: map[int]map[*subscriber]struct{}{}, done: make(chan struct{})}
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
	for _, m := range []map[int]map[*subscriber]struct{}{h.subs, h.tenants} {
		for id, set := range m {
			for s := range set {
				close(s.ch)
			}
			delete(m, id)
		}
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
		offer(s, e)
	}
	for s := range h.tenants[e.TenantID] {
		offer(s, e)
	}
}

func offer(s *subscriber, e Event) {
	select {
	case s.ch <- e:
	default: // slow subscriber: drop, the next snapshot supersedes it
	}
}

// Subscribe returns the events of one run of one tenant, and a function that
// ends the subscription.
func (h *Hub) Subscribe(tenantID, runID int) (<-chan Event, func()) {
	return h.add(h.subs, runID, tenantID)
}

// SubscribeTenant returns the events of every run of one tenant (a list of
// runs kept live), and a function that ends the subscription. Its buffer
// is shared by all the tenant's runs: a dropped event is superseded by the
// run's next one, and a run's end is re-read from the database by readers.
func (h *Hub) SubscribeTenant(tenantID int) (<-chan Event, func()) {
	return h.add(h.tenants, tenantID, tenantID)
}

func (h *Hub) add(m map[int]map[*subscriber]struct{}, key, tenantID int) (<-chan Event, func()) {
	s := &subscriber{tenantID: tenantID, ch: make(chan Event, subscriberBuffer)}
	h.mu.Lock()
	if m[key] == nil {
		m[key] = map[*subscriber]struct{}{}
	}
	m[key][s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			if set, ok := m[key]; ok {
				if _, ok := set[s]; ok {
					delete(set, s)
					close(s.ch)
				}
				if len(set) == 0 {
					delete(m, key)
				}
			}
		})
	}
}
